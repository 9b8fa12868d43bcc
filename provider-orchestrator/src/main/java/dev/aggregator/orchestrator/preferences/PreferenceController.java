package dev.aggregator.orchestrator.preferences;

import dev.aggregator.common.identity.Identity;
import dev.aggregator.common.web.ApiException;
import dev.aggregator.orchestrator.models.ModelIds;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * The caller's company's provider preferences. Company members read them; OWNER and ADMIN change
 * them. API keys are for using models, not for configuring the company, so they get a 403.
 */
@RestController
@Tag(name = "Preferences", description = "A company's provider order, fallbacks and denied providers per model.")
class PreferenceController {

    private final PreferenceService service;

    PreferenceController(PreferenceService service) {
        this.service = service;
    }

    @GetMapping("/v1/preferences")
    @Operation(summary = "List the company's preferences, by model")
    PreferenceList list(Identity identity) {
        requireMember(identity);
        return service.list(identity.companyId());
    }

    @GetMapping("/v1/preferences/models/{*model}")
    @Operation(summary = "Get the company's preference for one model; 404 when it has none")
    PreferenceResponse get(Identity identity, @PathVariable String model) {
        requireMember(identity);
        return service.get(identity.companyId(), ModelIds.requireValid(model));
    }

    @PutMapping("/v1/preferences/models/{*model}")
    @Operation(
            summary = "Set the company's preference for one model (OWNER or ADMIN)",
            description = "order: providers tried first, in this order; the others follow by price."
                    + " allow_fallbacks=false: only the first available provider is used."
                    + " deny: providers never used for this model. Provider names are case-insensitive;"
                    + " unknown names, or a name both in order and deny, are a 400.")
    PreferenceResponse put(
            Identity identity, @PathVariable String model, @Valid @RequestBody PreferenceRequest request) {
        identity.requireAnyRole(Identity.OWNER, Identity.ADMIN);
        return service.put(identity, ModelIds.requireValid(model), request);
    }

    @DeleteMapping("/v1/preferences/models/{*model}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(
            summary = "Remove the company's preference for one model (OWNER or ADMIN)",
            description =
                    "Routing falls back to the cheapest providers with fallbacks allowed. 404 when there was none.")
    void delete(Identity identity, @PathVariable String model) {
        identity.requireAnyRole(Identity.OWNER, Identity.ADMIN);
        service.delete(identity, ModelIds.requireValid(model));
    }

    private static void requireMember(Identity identity) {
        if (identity.userId() == null) {
            throw ApiException.forbidden("Preferences are available to company members, not to API keys.");
        }
    }
}
