package dev.aggregator.orchestrator.preferences;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A preference row; providers by id, so that renaming a provider keeps the preference. */
record Preference(
        String model, List<UUID> order, List<UUID> deny, boolean allowFallbacks, String sort, Instant updatedAt) {}
