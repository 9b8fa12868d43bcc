package dev.aggregator.proxy.usage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aggregator.proxy.testsupport.Json;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

class TokenEstimatesTests {

    private static final String MESSAGES = "'messages': [{'role': 'user', 'content': 'Hi'}]";

    @Test
    void charactersRoundUpToWholeTokens() {
        assertThat(TokenEstimates.ofCharacters(0)).isZero();
        assertThat(TokenEstimates.ofCharacters(1)).isEqualTo(1);
        assertThat(TokenEstimates.ofCharacters(4)).isEqualTo(1);
        assertThat(TokenEstimates.ofCharacters(5)).isEqualTo(2);
    }

    @Test
    void promptIsBytesOfTheWholeBodyOverFourPlusFourPerMessagePlusThree() {
        var body = Json.object("""
                {'model': 'gpt-4o', 'messages': [
                  {'role': 'system', 'content': 'Be brief.'},
                  {'role': 'user', 'content': 'Hello there'}
                ]}""");
        long bytes = bytes(body);
        assertThat(promptTokens(body)).isEqualTo(Math.ceilDiv(bytes, 4) + 2 * 4 + 3);
    }

    @Test
    void toolSchemasAreCounted() {
        var bare = Json.object("{" + MESSAGES + ", 'max_tokens': 1}");
        ObjectNode withTools = bare.deepCopy();
        String description = "x".repeat(400_000);
        withTools
                .putArray("tools")
                .addObject()
                .put("type", "function")
                .putObject("function")
                .put("name", "lookup")
                .put("description", description)
                .putObject("parameters")
                .put("type", "object");
        assertThat(promptTokens(withTools) - promptTokens(bare)).isGreaterThanOrEqualTo(100_000);
    }

    @Test
    void assistantToolCallArgumentsAndFunctionsAndResponseFormatAreCounted() {
        String big = "y".repeat(40_000);
        var bare = Json.object("{" + MESSAGES + "}");
        var toolCall = Json.object("{'messages': [{'role': 'user', 'content': 'Hi'}, "
                + "{'role': 'assistant', 'content': null, 'tool_calls': [{'id': 'c1', 'type': 'function', "
                + "'function': {'name': 'f', 'arguments': '" + big + "'}}]}]}");
        var functions = Json.object("{" + MESSAGES + ", 'functions': [{'name': 'f', 'description': '" + big + "'}]}");
        var responseFormat = Json.object("{" + MESSAGES + ", 'response_format': {'type': 'json_schema', "
                + "'json_schema': {'name': 's', 'description': '" + big + "'}}}");
        long base = promptTokens(bare);
        assertThat(promptTokens(toolCall) - base).isGreaterThanOrEqualTo(10_000);
        assertThat(promptTokens(functions) - base).isGreaterThanOrEqualTo(10_000);
        assertThat(promptTokens(responseFormat) - base).isGreaterThanOrEqualTo(10_000);
    }

    @Test
    void errsHighAboveTheOldTextOnlyRuleAndAboveCharactersForNonAsciiText() {
        String text = "Grüße, 世界! ".repeat(100);
        var body = Json.object("{'messages': [{'role': 'user', 'content': '" + text + "'}]}");
        long textOnly = Math.ceilDiv(text.length(), 4) + 4 + 3;
        assertThat(promptTokens(body))
                .isGreaterThan(textOnly)
                .isGreaterThanOrEqualTo(Math.ceilDiv(text.getBytes(StandardCharsets.UTF_8).length, 4) + 4 + 3);
    }

    @Test
    void everyImagePartAddsAnAllowanceOnTopOfItsBytes() {
        var body = Json.object("""
                {'messages': [{'role': 'user', 'content': [
                  {'type': 'text', 'text': 'What is this?'},
                  {'type': 'image_url', 'image_url': {'url': 'https://example.com/cat.png'}},
                  {'type': 'image_url', 'image_url': {'url': 'data:image/png;base64,iVBORw0KGgo='}}
                ]}]}""");
        assertThat(promptTokens(body)).isEqualTo(Math.ceilDiv(bytes(body), 4) + 4 + 3 + 2 * 4_000);
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

    @Test
    void embeddingInputsCountStringsByBytesAndTokenArraysByLength() {
        assertThat(TokenEstimates.embeddingTokens(Json.object("{'i': 'hello'}").get("i")))
                .isEqualTo(2);
        assertThat(TokenEstimates.embeddingTokens(
                        Json.object("{'i': ['abcd', 'efgh', 'i']}").get("i")))
                .isEqualTo(3);
        assertThat(TokenEstimates.embeddingTokens(Json.object("{'i': 'éé'}").get("i")))
                .isEqualTo(1);
        assertThat(TokenEstimates.embeddingTokens(Json.object("{'i': 'ééé'}").get("i")))
                .isEqualTo(2);
        assertThat(TokenEstimates.embeddingTokens(
                        Json.object("{'i': [1, 2, 3]}").get("i")))
                .isEqualTo(3);
        assertThat(TokenEstimates.embeddingTokens(
                        Json.object("{'i': [[1, 2], [3]]}").get("i")))
                .isEqualTo(3);
    }

    /** As the controller calls it: with the body's length as the client sent it (compact here). */
    private static long promptTokens(ObjectNode body) {
        return TokenEstimates.promptTokens(bytes(body), body);
    }

    private static long bytes(ObjectNode body) {
        return body.toString().getBytes(StandardCharsets.UTF_8).length;
    }
}
