package dev.aggregator.orchestrator.catalogsync;

import dev.aggregator.common.identity.Identity;
import dev.aggregator.common.web.ApiException;
import dev.aggregator.orchestrator.models.ModelImports;
import dev.aggregator.orchestrator.providers.ProviderEndpoints;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.util.List;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Importing a provider's model list as offerings, and their review (PLATFORM_ADMIN only). */
@RestController
@RequestMapping("/v1/providers/{id}")
@Tag(name = "Providers", description = "Upstream AI providers and their credentials (PLATFORM_ADMIN only).")
class CatalogSyncController {

    /** Offerings, imported or approved, as these endpoints answer them. */
    record OfferingList(List<ModelImports.Pending> data) {}

    private final ProviderModelSync sync;
    private final ModelImports imports;
    private final ProviderEndpoints providers;

    CatalogSyncController(ProviderModelSync sync, ModelImports imports, ProviderEndpoints providers) {
        this.sync = sync;
        this.imports = imports;
        this.providers = providers;
    }

    @PostMapping("/sync-models")
    @Operation(
            summary = "Import the provider's model list as offerings to review",
            description = "Reads GET {base_url}/models with the provider's first key; each model it does not offer"
                    + " yet becomes an inactive offering (and a catalogue model when new), priced at the provider's"
                    + " cost when the list carries pricing (OpenRouter), else zero. Answers the offerings created.")
    OfferingList syncModels(Identity identity, @PathVariable UUID id) {
        identity.requirePlatformAdmin();
        return new OfferingList(sync.sync(identity, id));
    }

    @GetMapping("/offerings/pending")
    @Operation(summary = "The provider's imported offerings waiting for review")
    OfferingList pending(Identity identity, @PathVariable UUID id) {
        identity.requirePlatformAdmin();
        if (providers.find(id).isEmpty()) throw ApiException.notFound("Provider " + id + " not found.");
        return new OfferingList(imports.pending(id));
    }

    @PostMapping("/offerings/approve")
    @Operation(
            summary = "Approve imported offerings: they are routed and listed from now on",
            description = "404 when a model has no pending offering by this provider; 409 for one without a price"
                    + " (set it with PUT /v1/models/{model}).")
    OfferingList approve(
            Identity identity, @PathVariable UUID id, @Valid @RequestBody ApproveOfferingsRequest request) {
        identity.requirePlatformAdmin();
        return new OfferingList(imports.approve(identity, id, request.models()));
    }
}
