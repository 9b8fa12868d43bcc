package dev.aggregator.auth.apikeys;

import java.util.List;

/** What an API key may be used for; the gateway enforces them per route. */
final class ApiKeyScopes {

    static final List<String> ALL = List.of("chat", "models", "billing:read", "analytics:read");
    static final String PATTERN = "chat|models|billing:read|analytics:read";
    static final String MESSAGE = "must be one of chat, models, billing:read, analytics:read";

    private ApiKeyScopes() {}

    /** The requested scopes without duplicates, in the canonical order; all of them by default. */
    static List<String> normalize(List<String> requested) {
        if (requested == null) return ALL;
        return ALL.stream().filter(requested::contains).toList();
    }
}
