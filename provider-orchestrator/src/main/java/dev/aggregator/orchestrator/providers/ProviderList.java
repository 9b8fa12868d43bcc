package dev.aggregator.orchestrator.providers;

import java.util.List;

/** {@code GET /v1/providers}: every provider, by name; the catalogue is small, so one page. */
record ProviderList(List<ProviderResponse> data) {}
