package dev.aggregator.proxy.routing;

import static dev.aggregator.proxy.openai.RequestFields.absent;
import static dev.aggregator.proxy.openai.RequestFields.invalidType;

import dev.aggregator.proxy.openai.OpenAiException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The request body's {@code provider {order, allow_fallbacks, sort, only, ignore}} (OpenRouter's
 * names), our extension to OpenAI's request: overrides the company's preferences for one request.
 * Every part is optional. It is removed from the body before the body goes to a provider.
 */
public record ProviderOverride(
        List<String> order, Boolean allowFallbacks, String sort, List<String> only, List<String> ignore) {

    public static final ProviderOverride NONE = new ProviderOverride(List.of(), null);

    static final int MAX_ORDER = 32;
    static final Set<String> SORTS = Set.of("price", "latency", "throughput");

    public ProviderOverride {
        order = order == null ? List.of() : List.copyOf(order);
        only = only == null ? List.of() : List.copyOf(only);
        ignore = ignore == null ? List.of() : List.copyOf(ignore);
    }

    public ProviderOverride(List<String> order, Boolean allowFallbacks) {
        this(order, allowFallbacks, null, List.of(), List.of());
    }

    /** The body's {@code provider} field, validated; {@link #NONE} when absent. */
    public static ProviderOverride from(ObjectNode body) {
        JsonNode provider = body.get("provider");
        if (absent(provider)) return NONE;
        if (!provider.isObject()) throw invalidType("provider", "an object");
        var order = names(provider, "order");
        Boolean allowFallbacks = null;
        JsonNode fallbacks = provider.get("allow_fallbacks");
        if (!absent(fallbacks)) {
            if (!fallbacks.isBoolean()) throw invalidType("provider.allow_fallbacks", "a boolean");
            allowFallbacks = fallbacks.booleanValue();
        }
        String sort = null;
        JsonNode sortNode = provider.get("sort");
        if (!absent(sortNode)) {
            if (!sortNode.isString() || !SORTS.contains(sortNode.stringValue())) {
                throw OpenAiException.invalidRequest(
                        "provider.sort", "Invalid 'provider.sort': expected one of 'price', 'latency', 'throughput'.");
            }
            sort = sortNode.stringValue();
        }
        return new ProviderOverride(order, allowFallbacks, sort, names(provider, "only"), names(provider, "ignore"));
    }

    private static List<String> names(JsonNode provider, String field) {
        var result = new ArrayList<String>();
        JsonNode names = provider.get(field);
        if (absent(names)) return result;
        if (!names.isArray() || names.size() > MAX_ORDER) {
            throw OpenAiException.invalidRequest(
                    "provider." + field,
                    "Invalid 'provider.%s': expected an array of at most %d provider names."
                            .formatted(field, MAX_ORDER));
        }
        for (int i = 0; i < names.size(); i++) {
            JsonNode name = names.get(i);
            if (!name.isString()
                    || name.stringValue().isBlank()
                    || name.stringValue().contains(",")) {
                throw invalidType("provider.%s[%d]".formatted(field, i), "a non-empty provider name");
            }
            result.add(name.stringValue());
        }
        return result;
    }
}
