package dev.aggregator.console.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A JSON object of an API response as pages read it: a field the API left out reads as null
 * ({@code ${key.expires_at}}) instead of failing the page, since the API omits null fields; a
 * decimal (money) is its exact plain text, as the API sent it less trailing zeros.
 */
public final class ApiObject extends LinkedHashMap<String, Object> {

    /** Every field name "exists" for templates; absent ones are null. */
    @Override
    public boolean containsKey(Object key) {
        return key instanceof String || super.containsKey(key);
    }

    /** The parsed response with every nested object made an {@link ApiObject}. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> of(Map<String, Object> parsed) {
        return (Map<String, Object>) convert(parsed);
    }

    private static Object convert(Object value) {
        if (value instanceof Map<?, ?> map) {
            var object = new ApiObject();
            map.forEach((key, nested) -> object.put(String.valueOf(key), convert(nested)));
            return object;
        }
        if (value instanceof List<?> list) {
            var copy = new ArrayList<>(list.size());
            for (var item : list) copy.add(convert(item));
            return copy;
        }
        // Money as written, never in scientific notation ("0E-8", "1.5E-7"); exact, since it
        // stays a decimal string.
        if (value instanceof java.math.BigDecimal decimal)
            return decimal.stripTrailingZeros().toPlainString();
        return value;
    }
}
