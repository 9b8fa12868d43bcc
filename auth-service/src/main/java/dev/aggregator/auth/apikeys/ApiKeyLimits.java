package dev.aggregator.auth.apikeys;

import java.util.LinkedHashSet;
import java.util.List;

/** Bounds of what a key's own limits may say, shared by create and PATCH. */
final class ApiKeyLimits {

    /** The contract's range for {@code rpm_limit}: 1 to 1,000,000. */
    static final long MAX_RPM = 1_000_000;

    static final int MAX_MODELS = 100;
    static final int MAX_MODEL_NAME = 200;

    private ApiKeyLimits() {}

    /** The allow-list as stored: trimmed, each name once, in the order given; null means every model. */
    static List<String> models(List<String> models) {
        if (models == null) return List.of();
        var distinct = new LinkedHashSet<String>();
        models.forEach(model -> distinct.add(model.strip()));
        return List.copyOf(distinct);
    }
}
