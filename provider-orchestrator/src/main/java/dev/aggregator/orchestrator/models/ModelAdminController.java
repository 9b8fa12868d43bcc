package dev.aggregator.orchestrator.models;

import dev.aggregator.common.identity.Identity;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Catalogue administration; errors are problem+json, unlike the OpenAI-shaped reads. */
@RestController
@Tag(name = "Model administration", description = "Models, their offerings and prices (PLATFORM_ADMIN only).")
class ModelAdminController {

    private final ModelService service;

    ModelAdminController(ModelService service) {
        this.service = service;
    }

    @PutMapping("/v1/models/{*model}")
    @Operation(
            summary = "Create or replace a model and all its offerings",
            description = "Model ids may contain '/', e.g. PUT /v1/models/openai/gpt-4o-mini. Offerings are replaced"
                    + " as a whole; prices are per million tokens, at most 8 decimal places.")
    ModelResponse upsert(
            Identity identity, @PathVariable String model, @Valid @RequestBody UpsertModelRequest request) {
        identity.requirePlatformAdmin();
        return service.upsert(identity, ModelIds.requireValid(model), request);
    }

    @DeleteMapping("/v1/models/{*model}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Delete a model and its offerings")
    void delete(Identity identity, @PathVariable String model) {
        identity.requirePlatformAdmin();
        service.delete(identity, ModelIds.requireValid(model));
    }
}
