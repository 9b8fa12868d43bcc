package dev.aggregator.billing.idempotency;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class RequestFingerprintTests {

    @Test
    void theSameAmountWrittenDifferentlyIsTheSameRequest() {
        assertThat(IdempotencyKeys.fingerprint("op", new BigDecimal("10")))
                .isEqualTo(IdempotencyKeys.fingerprint("op", new BigDecimal("10.00000000")))
                .isEqualTo(IdempotencyKeys.fingerprint("op", new BigDecimal("1E+1")));
    }

    @Test
    void differentRequestsHaveDifferentFingerprints() {
        assertThat(IdempotencyKeys.fingerprint("op", new BigDecimal("10")))
                .isNotEqualTo(IdempotencyKeys.fingerprint("op", new BigDecimal("10.00000001")));
        assertThat(IdempotencyKeys.fingerprint("op", "a", null))
                .isNotEqualTo(IdempotencyKeys.fingerprint("op", "a", ""));
        // Boundaries between fields cannot be shifted to forge a collision.
        assertThat(IdempotencyKeys.fingerprint("ab", "c")).isNotEqualTo(IdempotencyKeys.fingerprint("a", "bc"));
    }

    @Test
    void fingerprintIsAHexSha256() {
        assertThat(IdempotencyKeys.fingerprint("op")).matches("[0-9a-f]{64}");
    }
}
