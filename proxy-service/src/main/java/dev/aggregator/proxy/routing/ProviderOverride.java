package dev.aggregator.proxy.routing;

import static dev.aggregator.proxy.openai.RequestFields.absent;
import static dev.aggregator.proxy.openai.RequestFields.invalidType;

import dev.aggregator.proxy.openai.OpenAiException;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The request body's {@code provider {order, allow_fallbacks}}, our extension to OpenAI's request:
 * overrides the company's preferences for one request. Both parts are optional. It is removed from
 * the body before the body goes to a provider.
 */
public record ProviderOverride(List<String> order, Boolean allowFallbacks) {

    public static final ProviderOverride NONE = new ProviderOverride(List.of(), null);

    static final int MAX_ORDER = 32;

    public ProviderOverride {
        order = order == null ? List.of() : List.copyOf(order);
    }

    /** The body's {@code provider} field, validated; {@link #NONE} when absent. */
    public static ProviderOverride from(ObjectNode body) {
        JsonNode provider = body.get("provider");
        if (absent(provider)) return NONE;
        if (!provider.isObject()) throw invalidType("provider", "an object");
        var order = new ArrayList<String>();
        JsonNode names = provider.get("order");
        if (!absent(names)) {
            if (!names.isArray() || names.size() > MAX_ORDER) {
                throw OpenAiException.invalidRequest(
                        "provider.order",
                        "Invalid 'provider.order': expected an array of at most %d provider names."
                                .formatted(MAX_ORDER));
            }
            for (int i = 0; i < names.size(); i++) {
                JsonNode name = names.get(i);
                if (!name.isString() || name.stringValue().isBlank()) {
                    throw invalidType("provider.order[%d]".formatted(i), "a non-empty string");
                }
                order.add(name.stringValue());
            }
        }
        JsonNode fallbacks = provider.get("allow_fallbacks");
        if (absent(fallbacks)) return new ProviderOverride(order, null);
        if (!fallbacks.isBoolean()) throw invalidType("provider.allow_fallbacks", "a boolean");
        return new ProviderOverride(order, fallbacks.booleanValue());
    }
}
