package dev.aggregator.auth.apikeys;

import dev.aggregator.auth.support.ClientIp;
import dev.aggregator.common.identity.Identity;
import dev.aggregator.common.web.CursorPage;
import dev.aggregator.common.web.Pagination;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import java.util.UUID;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/v1/auth/api-keys")
@Tag(name = "Auth")
class ApiKeyController {

    private final ApiKeyService apiKeys;

    ApiKeyController(ApiKeyService apiKeys) {
        this.apiKeys = apiKeys;
    }

    @PostMapping
    @Operation(
            summary = "Create an API key",
            description = "OWNER or ADMIN, signed in (an API key cannot create keys: 403). `key` is shown in this "
                    + "answer only. `scopes` ⊆ {chat, models, billing:read, analytics:read}, all four by default; "
                    + "`expires_at` must be in the future; `rpm_limit` 1..1000000 and `monthly_spend_limit` (USD, "
                    + "≤ 8 decimals, a hard cap on the key's spend in the calendar month, UTC) default to the "
                    + "platform's limits when absent; `models` restricts the key to those public model names.")
    ResponseEntity<CreatedApiKeyResponse> create(
            Identity identity, @Valid @RequestBody CreateApiKeyRequest body, HttpServletRequest request) {
        return ResponseEntity.status(HttpStatus.CREATED)
                .cacheControl(CacheControl.noStore())
                .body(apiKeys.create(identity, body, ClientIp.of(request)));
    }

    @GetMapping
    @Operation(
            summary = "List the company's API keys",
            description = "Any member of the company. Newest first, revoked keys included (with `revoked_at`).")
    CursorPage<ApiKeyResponse> list(
            Identity identity,
            @RequestParam(required = false) Integer limit,
            @RequestParam(required = false) String cursor) {
        return apiKeys.list(identity, Pagination.limit(limit), cursor);
    }

    @PatchMapping("/{id}")
    @Operation(
            summary = "Change an API key's name, limits, model allow-list or expiry",
            description = "OWNER or ADMIN. Merge-patch: a field left out stays, a field sent as null goes back to "
                    + "the default (no own rpm limit, no spend cap, every model, no expiry). The gateway applies "
                    + "the new limits within a second.")
    ApiKeyResponse update(
            Identity identity,
            @PathVariable UUID id,
            @Valid @RequestBody UpdateApiKeyRequest body,
            HttpServletRequest request) {
        return apiKeys.update(identity, id, body, ClientIp.of(request));
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(
            summary = "Revoke an API key",
            description = "OWNER or ADMIN. Idempotent. The gateway refuses the key within a second.")
    void revoke(Identity identity, @PathVariable UUID id, HttpServletRequest request) {
        apiKeys.revoke(identity, id, ClientIp.of(request));
    }
}
