package dev.aggregator.proxy.billing;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class QuotaMessagesTests {

    @Test
    void saysWhatIsNeededWhatIsAvailableAndWhatToDo() {
        assertThat(QuotaMessages.insufficientFunds(new BigDecimal("0.00614000"), new BigDecimal("0.00100000")))
                .isEqualTo("This request needs up to $0.00614 but only $0.00100 is available. "
                        + "Lower max_tokens or add funds.");
    }

    @Test
    void showsEveryDigitOfTheMorePreciseAmountWithoutRounding() {
        assertThat(QuotaMessages.insufficientFunds(new BigDecimal("12.00000001"), new BigDecimal("3.5")))
                .contains("$12.00000001", "$3.50000000");
    }

    @Test
    void showsAtLeastCents() {
        assertThat(QuotaMessages.insufficientFunds(new BigDecimal("5"), BigDecimal.ZERO))
                .contains("$5.00", "$0.00");
    }
}
