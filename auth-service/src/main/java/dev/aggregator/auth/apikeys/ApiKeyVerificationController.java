package dev.aggregator.auth.apikeys;

import dev.aggregator.common.web.ApiException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Internal")
class ApiKeyVerificationController {

    private final ApiKeyService apiKeys;

    ApiKeyVerificationController(ApiKeyService apiKeys) {
        this.apiKeys = apiKeys;
    }

    @PostMapping("/internal/api-keys/verify")
    @Operation(summary = "Verify an API key for the gateway", description = "404 when unknown, revoked or expired.")
    VerifiedApiKeyResponse verify(@Valid @RequestBody VerifyApiKeyRequest body) {
        return apiKeys.verify(body.key())
                .map(VerifiedApiKeyResponse::of)
                .orElseThrow(() -> ApiException.notFound("API key not found."));
    }
}
