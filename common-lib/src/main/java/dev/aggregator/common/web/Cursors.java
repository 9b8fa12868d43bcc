package dev.aggregator.common.web;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Opaque keyset cursors over {@code (created_at, id)}, newest first. They are signed so that a
 * cursor the server did not issue is refused rather than silently read.
 */
public class Cursors {

    /** The position after which the next page starts. */
    public record Position(Instant createdAt, UUID id) {}

    private static final int PAYLOAD = Long.BYTES + Integer.BYTES + 2 * Long.BYTES;
    private static final int SIGNATURE = 16;

    private final SecretKeySpec key;

    public Cursors(String secret) {
        this.key = new SecretKeySpec(("cursor:" + secret).getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    }

    /** The {@code LIMIT} to query with for a page of {@code limit} rows: one more tells if there is a next page. */
    public static int fetchSize(int limit) {
        return limit + 1;
    }

    /**
     * Turns the rows of a keyset query fetched with {@link #fetchSize(int)} into a page: the extra
     * row only tells that another page exists, and the cursor points after the last row shown.
     */
    public <R, V> CursorPage<V> page(
            List<R> rows, int limit, Function<R, Instant> createdAt, Function<R, UUID> id, Function<R, V> view) {
        boolean more = rows.size() > limit;
        var shown = more ? rows.subList(0, limit) : rows;
        String next = null;
        if (more) {
            R last = shown.getLast();
            next = encode(createdAt.apply(last), id.apply(last));
        }
        return new CursorPage<>(shown.stream().map(view).toList(), next);
    }

    public String encode(Instant createdAt, UUID id) {
        var payload = ByteBuffer.allocate(PAYLOAD)
                .putLong(createdAt.getEpochSecond())
                .putInt(createdAt.getNano())
                .putLong(id.getMostSignificantBits())
                .putLong(id.getLeastSignificantBits())
                .array();
        var token = ByteBuffer.allocate(PAYLOAD + SIGNATURE)
                .put(payload)
                .put(sign(payload))
                .array();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(token);
    }

    /** The position in a cursor this server issued; {@code null} for none; 400 for anything else. */
    public Position decode(String cursor) {
        if (cursor == null || cursor.isEmpty()) return null;
        byte[] token;
        try {
            token = Base64.getUrlDecoder().decode(cursor);
        } catch (IllegalArgumentException e) {
            throw invalid();
        }
        if (token.length != PAYLOAD + SIGNATURE) throw invalid();
        byte[] payload = Arrays.copyOf(token, PAYLOAD);
        byte[] signature = Arrays.copyOfRange(token, PAYLOAD, token.length);
        if (!MessageDigest.isEqual(sign(payload), signature)) throw invalid();
        var buffer = ByteBuffer.wrap(payload);
        var createdAt = Instant.ofEpochSecond(buffer.getLong(), buffer.getInt());
        return new Position(createdAt, new UUID(buffer.getLong(), buffer.getLong()));
    }

    private byte[] sign(byte[] payload) {
        try {
            var mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return Arrays.copyOf(mac.doFinal(payload), SIGNATURE);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable", e);
        }
    }

    private static ApiException invalid() {
        return ApiException.badRequest("cursor", "is not a cursor this server issued");
    }
}
