package dev.aggregator.auth.accounts;

import dev.aggregator.auth.support.Secrets;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * BCrypt over the base64 of the password's SHA-256. BCrypt reads at most 72 bytes (Spring
 * Security refuses more), while a password may be 128 characters of any script; the pre-hash
 * keeps every character significant and fits in 44 ASCII bytes.
 */
@Component
public class Passwords {

    private final BCryptPasswordEncoder bcrypt;
    // A real hash at the configured cost, checked for unknown emails so they take as long as known ones.
    private final String unknownAccountHash;

    Passwords(PasswordHashingProperties properties) {
        this.bcrypt = new BCryptPasswordEncoder(properties.strength());
        this.unknownAccountHash = bcrypt.encode(prehash(Secrets.randomToken(32)));
    }

    public String hash(String rawPassword) {
        return bcrypt.encode(prehash(rawPassword));
    }

    /** Whether the password matches; with no hash (unknown account) it spends the same time and says no. */
    public boolean matches(String rawPassword, String hash) {
        boolean matched = bcrypt.matches(prehash(rawPassword), hash == null ? unknownAccountHash : hash);
        return hash != null && matched;
    }

    private static String prehash(String rawPassword) {
        return Base64.getEncoder().encodeToString(Secrets.sha256(rawPassword.getBytes(StandardCharsets.UTF_8)));
    }
}
