package dev.aggregator.orchestrator.models;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import java.util.List;

/** {@code PUT /v1/models/{model}}: the model's limits and the whole set of its offerings. */
record UpsertModelRequest(
        @Positive Integer contextLength,
        @Positive Integer maxOutputTokens,
        @NotEmpty @Size(max = 50) List<@NotNull @Valid OfferingRequest> offerings) {}
