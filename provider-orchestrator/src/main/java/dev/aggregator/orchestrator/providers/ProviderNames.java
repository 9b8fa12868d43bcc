package dev.aggregator.orchestrator.providers;

/** The shape rules shared by the create and update requests. */
final class ProviderNames {

    /** Names appear in preferences and in the proxy's {@code x-aggregator-provider} header. */
    static final String PATTERN = "[A-Za-z0-9._-]{1,100}";

    static final String MESSAGE = "must be 1 to 100 letters, digits, '.', '_' or '-'";

    /** The key goes into an HTTP header upstream: visible ASCII only, so no header injection. */
    static final String API_KEY_PATTERN = "[\\x21-\\x7E]*";

    static final String API_KEY_MESSAGE = "must be printable ASCII without spaces";

    private ProviderNames() {}
}
