package dev.aggregator.auth.accounts;

import java.security.SecureRandom;
import java.util.Locale;

/**
 * Eight characters a person can read out and type: upper-case letters and digits without the
 * look-alikes 0/O and 1/I (40 bits, so collisions are rare and simply retried).
 */
final class ReferralCodes {

    static final int LENGTH = 8;
    private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    private ReferralCodes() {}

    static String next() {
        var code = new StringBuilder(LENGTH);
        for (int i = 0; i < LENGTH; i++) code.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        return code.toString();
    }

    /** What a client typed, in the stored form: codes are matched case-insensitively. */
    static String normalize(String code) {
        return code.strip().toUpperCase(Locale.ROOT);
    }
}
