package dev.aggregator.gateway.authentication;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import dev.aggregator.common.identity.Identity;
import dev.aggregator.gateway.config.AggregatorGatewayProperties;
import dev.aggregator.gateway.errors.GatewayException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;
import reactor.core.publisher.Mono;

/**
 * API keys, verified by auth-service and remembered briefly: a good key for a while
 * ({@code api-key-ttl}), an unknown one for longer ({@code unknown-api-key-ttl}, 60 s) in a cache
 * of its own, so that a flood of made-up keys costs one hash each, asks auth-service once per
 * distinct key, and cannot push good keys out of theirs. Entries are keyed by the key's SHA-256,
 * so no cache holds a usable secret, and concurrent requests with the same new key share one
 * lookup. Remembering "unknown" cannot shut out a key created later: a new key is 32 random bytes
 * no one can have presented before; a revoked or expired key stays unknown anyway.
 */
class ApiKeyVerifier {

    static final String PREFIX = "sk-agg-";
    /** What auth-service issues: the prefix and 32 random bytes in unpadded base64url. */
    private static final Pattern WELL_FORMED = Pattern.compile("sk-agg-[A-Za-z0-9_-]{43}");
    /** Never used itself, only cloned: a MessageDigest is not thread-safe. */
    private static final MessageDigest SHA_256 = sha256Prototype();

    private static final HexFormat HEX = HexFormat.of();

    private final AuthServiceClient authService;
    private final AsyncCache<String, Optional<ApiKeyGrant>> answers;
    private final Cache<String, Boolean> unknown;

    ApiKeyVerifier(AuthServiceClient authService, AggregatorGatewayProperties.AuthClient settings) {
        this.authService = authService;
        this.answers = Caffeine.newBuilder()
                .maximumSize(settings.maxCachedApiKeys())
                // "Unknown" lives in its own cache; here it ends as soon as the lookup is answered.
                .expireAfter(Expiry.<String, Optional<ApiKeyGrant>>creating(
                        (hash, answer) -> answer.isPresent() ? settings.apiKeyTtl() : Duration.ZERO))
                .buildAsync();
        this.unknown = Caffeine.newBuilder()
                .maximumSize(settings.maxUnknownApiKeys())
                .expireAfterWrite(settings.unknownApiKeyTtl())
                .build();
    }

    Mono<Caller> authenticate(String apiKey) {
        // A key we could never have issued is refused here: it costs auth-service nothing and
        // cannot be used to trip the circuit breaker that guards it.
        if (!WELL_FORMED.matcher(apiKey).matches()) return Mono.error(incorrectKey());
        String hash = sha256(apiKey);
        if (unknown.getIfPresent(hash) != null) return Mono.error(incorrectKey());
        // A failed lookup is not cached: Caffeine drops futures that complete exceptionally.
        CompletableFuture<Optional<ApiKeyGrant>> answer = answers.get(hash, (ignored, executor) -> {
            // Another request may have learned "unknown" since the check above: its lookup
            // records that before it completes, and its entry here ends once complete.
            if (unknown.getIfPresent(hash) != null) {
                return CompletableFuture.completedFuture(Optional.<ApiKeyGrant>empty());
            }
            return authService
                    .verifyApiKey(apiKey)
                    .doOnNext(grant -> {
                        if (grant.isEmpty()) unknown.put(hash, Boolean.TRUE);
                    })
                    .toFuture();
        });
        // suppressCancel: one client hanging up must not cancel a lookup other requests share.
        return Mono.fromFuture(answer, true)
                .flatMap(grant ->
                        grant.map(ApiKeyVerifier::caller).map(Mono::just).orElseGet(() -> Mono.error(incorrectKey())));
    }

    private static GatewayException incorrectKey() {
        return GatewayException.unauthenticated("Incorrect API key provided.");
    }

    /**
     * Forgets a revoked or changed key. Lookups still in flight are dropped too: their answer may have been
     * read before the revocation, and must not be cached after it.
     */
    void evict(UUID apiKeyId) {
        answers.asMap().entrySet().removeIf(entry -> {
            var future = entry.getValue();
            if (!future.isDone() || future.isCompletedExceptionally()) return true;
            return future.join().map(grant -> grant.apiKeyId().equals(apiKeyId)).orElse(false);
        });
    }

    private static Caller caller(ApiKeyGrant grant) {
        // The spend cap and allow-list travel in the identity: the proxy admits against them.
        var identity = Identity.apiKey(
                grant.companyId(), grant.apiKeyId(), grant.scopes(), grant.monthlySpendLimit(), grant.models());
        return new Caller(identity, grant.rpmLimit());
    }

    private static String sha256(String apiKey) {
        byte[] digest = newSha256().digest(apiKey.getBytes(StandardCharsets.UTF_8));
        return HEX.formatHex(digest);
    }

    /**
     * A fresh digest per call, cloned from one looked up once: {@code MessageDigest.getInstance}
     * searches the security providers on every call, a clone only copies a few words of state.
     */
    private static MessageDigest newSha256() {
        try {
            return (MessageDigest) SHA_256.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("SHA-256 cannot be cloned", e);
        }
    }

    private static MessageDigest sha256Prototype() {
        try {
            var digest = MessageDigest.getInstance("SHA-256");
            digest.clone(); // fail at startup, not on the first request, if this provider cannot clone
            return digest;
        } catch (NoSuchAlgorithmException | CloneNotSupportedException e) {
            throw new IllegalStateException("SHA-256 is unavailable", e);
        }
    }
}
