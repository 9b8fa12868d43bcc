package dev.aggregator.billing.referrals;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReferralCommissionRoundingTests {

    @ParameterizedTest(name = "{1}% of {0} = {2}")
    @CsvSource({
        "1, 5, 0.05000000",
        "2.0000001, 5, 0.10000000", // 0.100000005: the tie goes to the even neighbour, down
        "0.0000003, 5, 0.00000002", // 0.000000015: the tie goes to the even neighbour, up
        "0.0000001, 5, 0.00000000", // 0.000000005: rounds to nothing, so nothing is posted
        "0.00000033, 5, 0.00000002", // 0.0000000165: above the tie, up
        "123.45678901, 2.5, 3.08641973", // 3.08641972525: above the tie, up
        "10, 0, 0.00000000"
    })
    void commissionIsRoundedOnceHalfEvenToEightPlaces(String cost, String percent, String expected) {
        var commission = ReferralCommissions.commission(new BigDecimal(cost), new BigDecimal(percent));

        assertThat(commission).isEqualTo(new BigDecimal(expected));
    }
}
