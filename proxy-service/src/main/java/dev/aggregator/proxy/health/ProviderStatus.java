package dev.aggregator.proxy.health;

/**
 * What an instance knows of a provider, from its last snapshot of the shared state.
 *
 * @param down marked down for every instance, until a probe succeeds
 * @param coolingDown down and still within its cool-down: skipped without a probe
 * @param latencyP50Ms median time to the provider's first byte over the window, null without calls
 * @param throughputTokensPerS completion tokens per second over the window, null without data
 * @param failureRate failed calls / calls over the window, 0 without calls
 */
public record ProviderStatus(
        boolean down, boolean coolingDown, Long latencyP50Ms, Double throughputTokensPerS, double failureRate) {

    public static final ProviderStatus UNKNOWN = new ProviderStatus(false, false, null, null, 0);

    /** {@code healthy}, {@code degraded} or {@code down}, as {@code /v1/models/{model}/endpoints} shows it. */
    public String label(double degradedFailureRate) {
        if (down) return "down";
        return failureRate > degradedFailureRate ? "degraded" : "healthy";
    }
}
