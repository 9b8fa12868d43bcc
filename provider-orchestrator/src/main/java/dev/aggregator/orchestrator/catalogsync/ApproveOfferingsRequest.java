package dev.aggregator.orchestrator.catalogsync;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Size;
import java.util.List;

/** {@code POST /v1/providers/{id}/offerings/approve}: the imported models whose offerings go live. */
record ApproveOfferingsRequest(@NotEmpty @Size(max = 500) List<@NotBlank @Size(max = 200) String> models) {}
