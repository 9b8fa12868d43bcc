package dev.aggregator.proxy.openai;

import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Validation of the request fields the proxy itself relies on, with OpenAI's wording. Every other
 * field is the provider's business and passes through untouched. An explicit JSON {@code null}
 * counts as absent, as it does at OpenAI.
 */
public final class RequestFields {

    /** OpenAI's own wording for a body that is not JSON. */
    public static final String UNREADABLE =
            "We could not parse the JSON body of your request. The API expects a JSON payload.";

    private RequestFields() {}

    /**
     * The one parse of a request body: the endpoints take the raw bytes (whose length the prompt
     * estimate needs) and build the tree here, instead of letting a message converter do it.
     */
    public static ObjectNode parse(JsonMapper json, String contentType, byte[] body) {
        requireJson(contentType);
        JsonNode tree;
        try {
            tree = json.readTree(body);
        } catch (JacksonException e) {
            throw OpenAiException.invalidRequest(null, UNREADABLE);
        }
        return object(tree);
    }

    /**
     * A {@code byte[]} body binds whatever the content type; the check a JSON converter made is
     * made here (and not with {@code consumes}, whose 415 would come before the controller is
     * chosen, so in problem+json rather than OpenAI's shape).
     */
    private static void requireJson(String contentType) {
        MediaType type;
        try {
            type = contentType == null ? null : MediaType.parseMediaType(contentType);
        } catch (InvalidMediaTypeException e) {
            type = null;
        }
        boolean json = type != null
                && (MediaType.APPLICATION_JSON.isCompatibleWith(type)
                        || "json".equals(type.getSubtypeSuffix()) && "application".equals(type.getType()));
        if (!json) {
            throw new OpenAiException(
                    HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                    OpenAiException.INVALID_REQUEST,
                    null,
                    null,
                    "Unsupported content type; the API expects 'application/json'.");
        }
    }

    public static ObjectNode object(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw OpenAiException.invalidRequest(null, "The request body must be a JSON object.");
        }
        return (ObjectNode) body;
    }

    public static String model(ObjectNode body) {
        JsonNode model = body.get("model");
        if (absent(model)) throw OpenAiException.invalidRequest("model", "you must provide a model parameter");
        if (!model.isString() || model.stringValue().isBlank()) {
            throw OpenAiException.invalidRequest("model", "Invalid 'model': expected a non-empty string.");
        }
        return model.stringValue();
    }

    /** The value, or null when absent. */
    public static Boolean optionalBoolean(ObjectNode body, String name) {
        JsonNode value = body.get(name);
        if (absent(value)) return null;
        if (!value.isBoolean()) throw invalidType(name, "a boolean");
        return value.booleanValue();
    }

    /** The value, or null when absent; {@code param} names it in the error (e.g. a nested path). */
    public static Integer optionalInt(JsonNode value, String param, int min, int max) {
        if (absent(value)) return null;
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            if (value.isNumber()) throw outOfRange(param, min, max, value);
            throw invalidType(param, "an integer");
        }
        int number = value.intValue();
        if (number < min || number > max) throw outOfRange(param, min, max, value);
        return number;
    }

    public static boolean absent(JsonNode value) {
        return value == null || value.isNull() || value.isMissingNode();
    }

    public static OpenAiException invalidType(String param, String expected) {
        return OpenAiException.invalidRequest(param, "Invalid type for '%s': expected %s.".formatted(param, expected));
    }

    private static OpenAiException outOfRange(String param, int min, int max, JsonNode value) {
        String bounds = max == Integer.MAX_VALUE ? ">= " + min : "between " + min + " and " + max;
        return OpenAiException.invalidRequest(
                param, "Invalid '%s': expected an integer %s, but got %s instead.".formatted(param, bounds, value));
    }
}
