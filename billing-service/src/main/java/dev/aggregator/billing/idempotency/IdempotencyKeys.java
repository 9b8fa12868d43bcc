package dev.aggregator.billing.idempotency;

import dev.aggregator.billing.ledger.Money;
import dev.aggregator.common.web.ApiException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.UUID;
import java.util.function.Supplier;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code Idempotency-Key} support for money-moving POSTs. The key is claimed, the action runs and
 * its result is stored, all in the caller's transaction: a retry with the same key and request
 * gets the first result back without moving money again; the same key with a different request
 * is a 409. A request that fails rolls its claim back, so only successful results are
 * remembered and a refused request may be retried under the same key.
 *
 * <p>Keys expire after {@link IdempotencyProperties#ttl()} (24 hours, as Stripe's do): a key used
 * again after that is a new request, and {@link IdempotencyKeyPurgeJob} deletes expired keys.
 */
@Component
public class IdempotencyKeys {

    public static final String HEADER = "Idempotency-Key";

    /** The action's result; {@code replayed} when it is the stored result of an earlier request. */
    public record Outcome<T>(T body, int status, boolean replayed) {

        /** The HTTP answer: the stored or new status and body, marked {@code Idempotent-Replayed} on a replay. */
        public ResponseEntity<T> toResponse() {
            var response = ResponseEntity.status(status);
            if (replayed) response.header("Idempotent-Replayed", "true");
            return response.body(body);
        }
    }

    private final IdempotencyKeyRepository keys;
    private final JsonMapper json;
    private final IdempotencyProperties properties;

    IdempotencyKeys(IdempotencyKeyRepository keys, JsonMapper json, IdempotencyProperties properties) {
        this.keys = keys;
        this.json = json;
        this.properties = properties;
    }

    /**
     * Runs {@code action} once per {@code (scope, key)}. Without a key it simply runs.
     *
     * @param scope the caller's company: keys of different companies never meet
     * @param requestHash {@link #fingerprint} of the request, to tell a retry from a reuse
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public <T> Outcome<T> execute(
            UUID scope, String key, String requestHash, int status, Class<T> type, Supplier<T> action) {
        if (key == null) return new Outcome<>(action.get(), status, false);
        if (!keys.claim(scope, key, requestHash, properties.ttl())) {
            var stored = keys.find(scope, key).orElseThrow();
            if (!stored.requestHash().equals(requestHash)) {
                throw ApiException.conflict("This Idempotency-Key was already used for a different request.");
            }
            return new Outcome<>(json.readValue(stored.responseBody(), type), stored.responseStatus(), true);
        }
        T body = action.get();
        keys.complete(scope, key, status, json.writeValueAsString(body));
        return new Outcome<>(body, status, false);
    }

    /**
     * SHA-256 over the request's canonical parts (the operation first, then its fields), so that
     * {@code 10} and {@code 10.00} are the same request and field order in the JSON body does
     * not matter.
     */
    public static String fingerprint(Object... parts) {
        var canonical = Arrays.stream(parts).map(IdempotencyKeys::canonical).toList();
        // Length-prefixing every part keeps the encoding unambiguous without any escaping.
        var text = new StringBuilder();
        for (String part : canonical) {
            text.append(part == null ? -1 : part.length()).append(':').append(part == null ? "" : part);
        }
        try {
            var digest =
                    MessageDigest.getInstance("SHA-256").digest(text.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is unavailable", e);
        }
    }

    private static String canonical(Object part) {
        if (part == null) return null;
        if (part instanceof BigDecimal amount) return Money.plain(amount).toPlainString();
        return part.toString();
    }
}
