package dev.aggregator.orchestrator.preferences;

import java.time.Instant;
import java.util.List;

/** A company's preference for one model, with providers by their current names. */
record PreferenceResponse(
        String model, List<String> order, boolean allowFallbacks, List<String> deny, String sort, Instant updatedAt) {}
