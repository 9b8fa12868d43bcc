package dev.aggregator.proxy.usage;

import static org.assertj.core.api.Assertions.assertThat;

import com.knuddels.jtokkit.api.EncodingType;
import org.junit.jupiter.api.Test;

class GeneratedTokensTests {

    /** 13 characters: characters / 4 would bill 4 tokens; o200k_base makes 9 of them. */
    private static final String CJK = "你好，世界！今天天气很好。";

    @Test
    void cjkTextIsCountedAtItsRealO200kCountNotCharactersOverFour() {
        assertThat(GeneratedTokens.count("gpt-4o-mini", CJK)).isEqualTo(9);
        assertThat(TokenEstimates.ofCharacters(CJK.length())).isEqualTo(4);
    }

    @Test
    void olderOpenAiModelsUseCl100k() {
        assertThat(GeneratedTokens.count("gpt-4-turbo", CJK)).isEqualTo(16);
        assertThat(GeneratedTokens.encodingOf("openai/gpt-3.5-turbo")).isEqualTo(EncodingType.CL100K_BASE);
        assertThat(GeneratedTokens.encodingOf("gpt-4.1-mini")).isEqualTo(EncodingType.O200K_BASE);
        assertThat(GeneratedTokens.encodingOf("claude-sonnet-4")).isEqualTo(EncodingType.O200K_BASE);
    }

    @Test
    void countsOnlyWhatWasAddedSinceTheLastCountAndKeepsTheTotal() {
        var tokens = GeneratedTokens.forModel("gpt-4o");
        tokens.add("Hello");
        tokens.add(" world!");
        assertThat(tokens.tokens()).isEqualTo(3);
        tokens.add(CJK);
        assertThat(tokens.tokens()).isEqualTo(3 + 9);
        assertThat(tokens.characters()).isEqualTo(12 + CJK.length());
    }

    @Test
    void specialTokenTextIsOrdinaryText() {
        assertThat(GeneratedTokens.count("gpt-4o", "<|endoftext|>")).isGreaterThan(1);
    }
}
