package dev.aggregator.proxy.usage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aggregator.proxy.testsupport.Candidates;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReservationAmountTests {

    @Test
    void reservesPromptAtTheHighestInputPriceAndOutputAtTheHighestOutputPrice() {
        var cheapInput = Candidates.priced("1", "20");
        var cheapOutput = Candidates.priced("3", "4");
        // 100 × 3 + 50 × 20 = 1300 per million
        assertThat(ReservationAmount.worstCase(100, 50, List.of(cheapInput, cheapOutput)))
                .isEqualTo(new BigDecimal("0.00130000"));
    }

    @Test
    void roundsUpSoTheReservationCoversTheCharge() {
        // exact 0.000000001: the charge rounds (half-even) to 0, the reservation up to 0.00000001
        assertThat(ReservationAmount.worstCase(1, 0, List.of(Candidates.priced("0.001", "0"))))
                .isEqualTo(new BigDecimal("0.00000001"));
        // exact 0.0000001251 → 0.00000013
        assertThat(ReservationAmount.worstCase(1, 0, List.of(Candidates.priced("0.1251", "0"))))
                .isEqualTo(new BigDecimal("0.00000013"));
    }

    @Test
    void anExactAmountIsNotRoundedFurther() {
        assertThat(ReservationAmount.worstCase(1000, 1000, List.of(Candidates.priced("0.5", "1.5"))))
                .isEqualTo(new BigDecimal("0.00200000"));
    }

    @Test
    void coversTheChargeOfAnyCandidateForTheSameTokens() {
        var candidates = List.of(
                Candidates.priced("0.1251", "0.3333"),
                Candidates.priced("0.07", "0.9999"),
                Candidates.priced("0.0001", "0.0001"));
        for (long prompt = 0; prompt < 50; prompt++) {
            for (long completion = 0; completion < 50; completion++) {
                BigDecimal reserved = ReservationAmount.worstCase(prompt, completion, candidates);
                for (var candidate : candidates) {
                    assertThat(UsageCost.of(new TokenUsage(prompt, completion), candidate))
                            .isLessThanOrEqualTo(reserved);
                }
            }
        }
    }

    @Test
    void freeOfferingsReserveNothing() {
        assertThat(ReservationAmount.worstCase(1000, 4096, List.of(Candidates.priced("0", "0"))))
                .isZero();
    }
}
