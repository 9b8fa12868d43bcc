package dev.aggregator.proxy.embeddings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aggregator.proxy.openai.OpenAiException;
import dev.aggregator.proxy.testsupport.Json;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class EmbeddingsRequestsTests {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{'model': 'e', 'input': 'hello world'}",
                "{'model': 'e', 'input': ['a', 'b']}",
                "{'model': 'e', 'input': [1, 2, 3]}",
                "{'model': 'e', 'input': [[1, 2], [3]]}",
                "{'model': 'e', 'input': 'x', 'encoding_format': 'base64', 'dimensions': 8}"
            })
    void acceptsEveryInputShapeOpenAiAccepts(String body) {
        var parsed = EmbeddingsRequests.parse(Json.object(body));
        assertThat(parsed.model()).isEqualTo("e");
        assertThat(parsed.input().bound()).isPositive();
    }

    @ParameterizedTest(name = "{0} → param {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "{'input': 'x'}                               | model",
                "{'model': 'e'}                               | input",
                "{'model': 'e', 'input': ''}                  | input",
                "{'model': 'e', 'input': []}                  | input",
                "{'model': 'e', 'input': ['a', 1]}            | input",
                "{'model': 'e', 'input': [[]]}                | input",
                "{'model': 'e', 'input': [{'text': 'a'}]}     | input",
                "{'model': 'e', 'input': 'x', 'provider': 1}  | provider",
            })
    void refusesInvalidBodies(String body, String param) {
        assertThatThrownBy(() -> EmbeddingsRequests.parse(Json.object(body)))
                .isInstanceOfSatisfying(OpenAiException.class, e -> {
                    assertThat(e.status().value()).isEqualTo(400);
                    assertThat(e.param()).isEqualTo(param);
                });
    }
}
