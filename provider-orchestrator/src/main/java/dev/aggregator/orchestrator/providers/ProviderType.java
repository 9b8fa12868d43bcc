package dev.aggregator.orchestrator.providers;

import java.util.Arrays;
import java.util.Locale;

/** The upstream APIs the proxy has adapters for; the proxy picks its adapter by {@link #id()}. */
enum ProviderType {
    OPENAI,
    OPENROUTER,
    ANTHROPIC,
    /** A self-hosted or third-party endpoint speaking OpenAI's API; it may need no key. */
    OPENAI_COMPATIBLE;

    /** Keep in sync with the constants above; used by Bean Validation before parsing. */
    static final String PATTERN = "openai|openrouter|anthropic|openai_compatible";

    String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    boolean requiresApiKey() {
        return this != OPENAI_COMPATIBLE;
    }

    static ProviderType fromId(String id) {
        return Arrays.stream(values())
                .filter(type -> type.id().equals(id))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("Unknown provider type " + id));
    }
}
