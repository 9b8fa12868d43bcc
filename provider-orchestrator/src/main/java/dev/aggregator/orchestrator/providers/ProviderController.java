package dev.aggregator.orchestrator.providers;

import dev.aggregator.common.identity.Identity;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.net.URI;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/v1/providers")
@Tag(name = "Providers", description = "Upstream AI providers and their credentials (PLATFORM_ADMIN only).")
class ProviderController {

    private final ProviderService service;

    ProviderController(ProviderService service) {
        this.service = service;
    }

    @PostMapping
    @Operation(summary = "Add a provider; its api_key is stored encrypted and never returned")
    ResponseEntity<ProviderResponse> create(Identity identity, @Valid @RequestBody CreateProviderRequest request) {
        identity.requirePlatformAdmin();
        var created = service.create(identity, request);
        return ResponseEntity.created(URI.create("/v1/providers/" + created.id()))
                .body(created);
    }

    @GetMapping
    @Operation(summary = "List every provider, by name")
    ProviderList list(Identity identity) {
        identity.requirePlatformAdmin();
        return service.list();
    }

    @GetMapping("/{id}")
    @Operation(summary = "Get one provider")
    ProviderResponse get(Identity identity, @PathVariable UUID id) {
        identity.requirePlatformAdmin();
        return service.get(id);
    }

    @PatchMapping("/{id}")
    @Operation(
            summary = "Change a provider's name, base_url, api_key or enabled",
            description = "Absent fields stay as they are; an empty api_key removes the key (openai_compatible only).")
    ProviderResponse update(
            Identity identity, @PathVariable UUID id, @Valid @RequestBody UpdateProviderRequest request) {
        identity.requirePlatformAdmin();
        return service.update(identity, id, request);
    }

    @PostMapping("/{id}/keys")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(
            summary = "Add a key to the provider's pool",
            description = "Requests spread over a provider's keys in proportion to their weights (default 1).")
    ProviderKeyResponse addKey(
            Identity identity, @PathVariable UUID id, @Valid @RequestBody AddProviderKeyRequest request) {
        identity.requirePlatformAdmin();
        return service.addKey(identity, id, request);
    }

    @GetMapping("/{id}/keys")
    @Operation(summary = "List the provider's keys: id, weight, status and last four characters")
    ProviderKeyResponse.KeyList keys(Identity identity, @PathVariable UUID id) {
        identity.requirePlatformAdmin();
        return service.listKeys(id);
    }

    @DeleteMapping("/{id}/keys/{keyId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Remove a key from the provider's pool")
    void deleteKey(Identity identity, @PathVariable UUID id, @PathVariable UUID keyId) {
        identity.requirePlatformAdmin();
        service.deleteKey(identity, id, keyId);
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Delete a provider and its model offerings")
    void delete(Identity identity, @PathVariable UUID id) {
        identity.requirePlatformAdmin();
        service.delete(identity, id);
    }
}
