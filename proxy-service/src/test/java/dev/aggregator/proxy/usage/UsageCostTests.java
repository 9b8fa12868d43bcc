package dev.aggregator.proxy.usage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UsageCostTests {

    @Test
    void costIsExactWhenItFitsInEightPlaces() {
        // 1000 × 2.5 + 500 × 10 = 7500 per million → 0.0075
        assertThat(UsageCost.of(1000, 500, new BigDecimal("2.5"), new BigDecimal("10")))
                .isEqualTo(new BigDecimal("0.00750000"));
    }

    @Test
    void costAlwaysHasScaleEight() {
        assertThat(UsageCost.of(0, 0, new BigDecimal("3"), new BigDecimal("15")).scale())
                .isEqualTo(8);
        assertThat(UsageCost.of(0, 0, new BigDecimal("3"), new BigDecimal("15")))
                .isEqualTo(new BigDecimal("0E-8"));
    }

    @ParameterizedTest(name = "{0} prompt tokens at {1}/M = {2}")
    @CsvSource({
        // exact value 0.000000125 is a tie: half-even keeps the even digit 2
        "1, 0.125, 0.00000012",
        // 0.000000135: tie, rounds to the even 4
        "1, 0.135, 0.00000014",
        // 0.0000001251: above the tie, rounds up
        "1, 0.1251, 0.00000013",
        // 0.0000001249: below the tie, rounds down
        "1, 0.1249, 0.00000012",
        // 0.000000005: tie at zero, stays 0
        "1, 0.005, 0.00000000",
        // 0.000000015: tie, rounds up to the even 2
        "1, 0.015, 0.00000002",
    })
    void roundsHalfEvenAtTheEighthPlace(long promptTokens, String inputPrice, String expected) {
        assertThat(UsageCost.of(promptTokens, 0, new BigDecimal(inputPrice), BigDecimal.ZERO))
                .isEqualTo(new BigDecimal(expected));
    }

    @Test
    void roundsOnceOverTheSumNotPerPart() {
        // input part 0.000000005 and output part 0.000000005 would each round to 0 (half-even),
        // but their exact sum 0.00000001 is charged
        assertThat(UsageCost.of(1, 1, new BigDecimal("0.005"), new BigDecimal("0.005")))
                .isEqualTo(new BigDecimal("0.00000001"));
    }

    @Test
    void largeCountsStayExact() {
        // 123456789 × 0.15 + 987654321 × 0.6 = 18518518.35 + 592592592.6 = 611111110.95 per million
        assertThat(UsageCost.of(123_456_789, 987_654_321, new BigDecimal("0.15"), new BigDecimal("0.6")))
                .isEqualTo(new BigDecimal("611.11111095"));
    }

    @Test
    void sumOfManyChargesEqualsTheSumOfTheRoundedCosts() {
        // each charge is rounded once; what billing adds up is exactly the rounded values
        BigDecimal total = BigDecimal.ZERO;
        for (int i = 1; i <= 1000; i++) {
            total = total.add(UsageCost.of(i, 2L * i, new BigDecimal("0.07"), new BigDecimal("0.21")));
        }
        // exact per-request cost is i × 0.00000049, already at 8 places: the total is exact too
        assertThat(total).isEqualByComparingTo(new BigDecimal("0.00000049").multiply(new BigDecimal(500500)));
    }

    @Test
    void refusesNegativeTokenCounts() {
        assertThatThrownBy(() -> UsageCost.of(-1, 0, BigDecimal.ONE, BigDecimal.ONE))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void thePlatformsCostFollowsTheSameRuleAtTheCostPricesAndIsNullWhenUnknown() {
        var priced = dev.aggregator.proxy.testsupport.Candidates.priced("2", "6");
        var withCosts = new dev.aggregator.proxy.routing.Candidate(
                priced.providerId(),
                priced.providerName(),
                priced.providerType(),
                priced.baseUrl(),
                priced.apiKey(),
                java.util.List.of(),
                priced.providerModel(),
                priced.inputPricePerMillion(),
                priced.outputPricePerMillion(),
                new BigDecimal("1.5"),
                new BigDecimal("4.000000005"));
        var tokens = new TokenUsage(1000, 1);
        assertThat(UsageCost.of(tokens, withCosts)).isEqualByComparingTo("0.00200600");
        // 1000 × 1.5 + 1 × 4.000000005 = 1504.000000005 per million → 0.001504000000005 → half-even at 8
        assertThat(UsageCost.platformCost(tokens, withCosts)).isEqualTo(new BigDecimal("0.00150400"));
        assertThat(UsageCost.platformCost(tokens, priced)).isNull();
    }
}
