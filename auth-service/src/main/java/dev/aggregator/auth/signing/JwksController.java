package dev.aggregator.auth.signing;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Internal", description = "Service-to-service endpoints; a service identity is required")
class JwksController {

    private final SigningKeys keys;

    JwksController(SigningKeys keys) {
        this.keys = keys;
    }

    @GetMapping("/internal/jwks")
    @Operation(summary = "The JWK set (RFC 7517) of the RS256 keys that sign access tokens")
    ResponseEntity<Map<String, List<Map<String, Object>>>> jwks() {
        var jwks = keys.published().stream()
                .map(key -> RsaJwk.of(key.kid(), key.publicKey()))
                .toList();
        return ResponseEntity.ok()
                .cacheControl(CacheControl.maxAge(Duration.ofMinutes(5)))
                .body(Map.of("keys", jwks));
    }
}
