package dev.aggregator.proxy.usage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TokenEstimatesTests {

    @Test
    void charactersRoundUpToWholeTokens() {
        assertThat(TokenEstimates.ofCharacters(0)).isZero();
        assertThat(TokenEstimates.ofCharacters(1)).isEqualTo(1);
        assertThat(TokenEstimates.ofCharacters(4)).isEqualTo(1);
        assertThat(TokenEstimates.ofCharacters(5)).isEqualTo(2);
    }

    @Test
    void theCapIsTheContextLengthWhenKnown() {
        assertThat(TokenEstimates.capped(500_000, 128_000)).isEqualTo(128_000);
        assertThat(TokenEstimates.capped(1_000, 128_000)).isEqualTo(1_000);
        assertThat(TokenEstimates.capped(500_000, null)).isEqualTo(500_000);
    }

    @Test
    void utf8LengthMatchesTheEncoder() {
        String text = "aé€😀";
        assertThat(TokenEstimates.utf8Length(text)).isEqualTo(text.getBytes(StandardCharsets.UTF_8).length);
    }
}
