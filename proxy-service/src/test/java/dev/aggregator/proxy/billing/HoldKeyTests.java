package dev.aggregator.proxy.billing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HoldKeyTests {

    @Test
    void aRepeatedRequestIdStillGetsItsOwnHold() {
        assertThat(Reservations.holdKey("my-id")).startsWith("my-id~").isNotEqualTo(Reservations.holdKey("my-id"));
    }

    @Test
    void staysWithinBillingsLimitForTheLongestRequestId() {
        String longest = "x".repeat(128);
        assertThat(Reservations.holdKey(longest)).hasSize(128).startsWith("x".repeat(115));
    }
}
