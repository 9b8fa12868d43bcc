package dev.aggregator.auth.signing;

import dev.aggregator.auth.support.Secrets;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/** An RSA public key as a JSON Web Key (RFC 7517/7518) and its thumbprint (RFC 7638). */
final class RsaJwk {

    private RsaJwk() {}

    static Map<String, Object> of(String kid, RSAPublicKey key) {
        var jwk = new LinkedHashMap<String, Object>();
        jwk.put("kty", "RSA");
        jwk.put("kid", kid);
        jwk.put("use", "sig");
        jwk.put("alg", "RS256");
        jwk.put("n", base64Url(key.getModulus()));
        jwk.put("e", base64Url(key.getPublicExponent()));
        return jwk;
    }

    /** The RFC 7638 thumbprint: a kid every party can recompute from the key alone. */
    static String thumbprint(RSAPublicKey key) {
        String canonical = "{\"e\":\"" + base64Url(key.getPublicExponent()) + "\",\"kty\":\"RSA\",\"n\":\""
                + base64Url(key.getModulus()) + "\"}";
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(Secrets.sha256(canonical.getBytes(StandardCharsets.UTF_8)));
    }

    /** Unsigned big-endian, without the sign byte BigInteger adds when the top bit is set. */
    private static String base64Url(BigInteger value) {
        byte[] bytes = value.toByteArray();
        if (bytes.length > 1 && bytes[0] == 0) bytes = Arrays.copyOfRange(bytes, 1, bytes.length);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
