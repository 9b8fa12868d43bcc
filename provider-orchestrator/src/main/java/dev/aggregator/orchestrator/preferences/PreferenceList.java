package dev.aggregator.orchestrator.preferences;

import java.util.List;

/** {@code GET /v1/preferences}: the company's preferences by model; at most one per model, so one page. */
record PreferenceList(List<PreferenceResponse> data) {}
