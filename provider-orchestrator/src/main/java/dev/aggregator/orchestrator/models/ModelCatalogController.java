package dev.aggregator.orchestrator.models;

import dev.aggregator.common.identity.Identity;
import dev.aggregator.common.web.ApiException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * The OpenAI-compatible model list: any member, or an API key with the {@code models} scope.
 * Errors are in OpenAI's shape ({@link OpenAiErrorAdvice}) so OpenAI SDKs raise their usual
 * exceptions.
 */
@RestController
@Tag(name = "Models", description = "OpenAI-compatible list of the models that can be used now.")
class ModelCatalogController {

    static final String MODELS_SCOPE = "models";

    private static final String ENDPOINTS = "/endpoints";

    private final ModelService service;

    ModelCatalogController(ModelService service) {
        this.service = service;
    }

    @GetMapping("/v1/models")
    @Operation(summary = "List the models served by at least one enabled provider, priced at the cheapest one")
    ModelList list(Identity identity) {
        requireModelsScope(identity);
        return ModelList.of(service.catalogue());
    }

    @GetMapping("/v1/models/{*model}")
    @Operation(
            summary = "Get one model, or with /endpoints the providers serving it",
            description = "404 model_not_found when it is unknown or no provider serves it. GET"
                    + " /v1/models/{model}/endpoints lists the providers serving the model with prices and health"
                    + " (status healthy|degraded|down, latency_p50_ms, throughput_tokens_per_s over the last 5"
                    + " minutes); everything between /v1/models/ and the final /endpoints is the model id.")
    Object get(Identity identity, @PathVariable String model) {
        requireModelsScope(identity);
        if (model.endsWith(ENDPOINTS)) {
            String id = ModelIds.fromPath(model.substring(0, model.length() - ENDPOINTS.length()));
            if (!ModelIds.isValid(id)) throw ModelService.notFound(id);
            return service.endpoints(id);
        }
        String id = ModelIds.fromPath(model);
        if (!ModelIds.isValid(id)) throw ModelService.notFound(id);
        return service.catalogueEntry(id);
    }

    /** The gateway already checks scopes; this keeps the rule true if a route is ever added there by mistake. */
    private static void requireModelsScope(Identity identity) {
        if (identity.isApiKey() && !identity.scopes().contains(MODELS_SCOPE)) {
            throw new ApiException(
                    HttpStatus.FORBIDDEN,
                    "insufficient-scope",
                    "Forbidden",
                    "This API key does not have the '" + MODELS_SCOPE + "' scope.");
        }
    }
}
