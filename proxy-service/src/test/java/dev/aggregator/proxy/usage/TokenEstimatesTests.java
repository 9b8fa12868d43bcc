package dev.aggregator.proxy.usage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aggregator.proxy.testsupport.Json;
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
    void promptIsCharactersOverFourPlusFourPerMessagePlusThree() {
        var body = Json.object("""
                {'messages': [
                  {'role': 'system', 'content': 'Be brief.'},
                  {'role': 'user', 'content': 'Hello there'}
                ]}""");
        // 9 + 11 = 20 characters → 5 tokens; + 2 × 4 + 3
        assertThat(TokenEstimates.promptTokens(body.get("messages"))).isEqualTo(16);
    }

    @Test
    void onlyTextPartsCountAndCharactersAreSummedBeforeRounding() {
        var body = Json.object("""
                {'messages': [
                  {'role': 'user', 'content': [
                    {'type': 'text', 'text': 'abc'},
                    {'type': 'image_url', 'image_url': {'url': 'https://example.com/cat.png'}},
                    {'type': 'text', 'text': 'de'}
                  ]},
                  {'role': 'assistant', 'content': null, 'tool_calls': []},
                  {'role': 'user', 'content': 'xyz'}
                ]}""");
        // 3 + 2 + 0 + 3 = 8 characters → 2 tokens; + 3 × 4 + 3
        assertThat(TokenEstimates.promptTokens(body.get("messages"))).isEqualTo(17);
    }

    @Test
    void embeddingInputsCountStringsByCharactersAndTokenArraysByLength() {
        assertThat(TokenEstimates.embeddingTokens(Json.object("{'i': 'hello'}").get("i")))
                .isEqualTo(2);
        assertThat(TokenEstimates.embeddingTokens(
                        Json.object("{'i': ['abcd', 'efgh', 'i']}").get("i")))
                .isEqualTo(3);
        assertThat(TokenEstimates.embeddingTokens(
                        Json.object("{'i': [1, 2, 3]}").get("i")))
                .isEqualTo(3);
        assertThat(TokenEstimates.embeddingTokens(
                        Json.object("{'i': [[1, 2], [3]]}").get("i")))
                .isEqualTo(3);
    }
}
