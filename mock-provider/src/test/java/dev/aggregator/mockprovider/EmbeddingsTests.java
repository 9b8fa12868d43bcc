package dev.aggregator.mockprovider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import dev.aggregator.mockprovider.MockProviderClient.Answer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class EmbeddingsTests {

    private static final String PATH = "/v1/embeddings";

    @LocalServerPort
    int port;

    MockProviderClient client;

    @BeforeEach
    void setUp() {
        client = new MockProviderClient(port);
    }

    @Test
    void embedsAStringAsADeterministicUnitVectorOfEightFloats() {
        String body = """
                {"model": "mock-text-embedding-3-small", "input": "hello world"}""";

        Answer first = client.post(PATH, body);
        Answer second = client.post(PATH, body);

        assertThat(first.status()).isEqualTo(200);
        JsonNode response = first.body();
        assertThat(response.path("object").asString()).isEqualTo("list");
        assertThat(response.path("model").asString()).isEqualTo("mock-text-embedding-3-small");
        JsonNode item = response.path("data").path(0);
        assertThat(item.path("object").asString()).isEqualTo("embedding");
        assertThat(item.path("index").asInt()).isZero();
        JsonNode vector = item.path("embedding");
        assertThat(vector.size()).isEqualTo(8);
        double squares = 0;
        for (JsonNode value : vector) {
            squares += value.asDouble() * value.asDouble();
        }
        assertThat(squares).isCloseTo(1.0, offset(1e-4));
        assertThat(second.body().path("data").path(0).path("embedding")).isEqualTo(vector);
        // "hello world" is 11 characters: ceil(11 / 4) = 3.
        assertThat(response.path("usage").path("prompt_tokens").asInt()).isEqualTo(3);
        assertThat(response.path("usage").path("total_tokens").asInt()).isEqualTo(3);
    }

    @Test
    void embedsEachStringOfAnArrayInOrder() {
        Answer answer = client.post(PATH, """
                {"model": "e", "input": ["alpha", "beta", "alpha"]}""");

        JsonNode data = answer.body().path("data");
        assertThat(data.size()).isEqualTo(3);
        assertThat(data.path(1).path("index").asInt()).isEqualTo(1);
        assertThat(data.path(0).path("embedding")).isEqualTo(data.path(2).path("embedding"));
        assertThat(data.path(0).path("embedding")).isNotEqualTo(data.path(1).path("embedding"));
        // ceil(5 / 4) + ceil(4 / 4) + ceil(5 / 4) = 2 + 1 + 2
        assertThat(answer.body().path("usage").path("prompt_tokens").asInt()).isEqualTo(5);
    }

    @Test
    void base64EncodingCarriesTheSameFloatsAndDimensionsAreHonoured() {
        JsonNode floats = client.post(PATH, """
                        {"model": "e", "input": "x", "dimensions": 4}""").body().path("data").path(0).path("embedding");
        String encoded = client.post(PATH, """
                        {"model": "e", "input": "x", "dimensions": 4, "encoding_format": "base64"}""")
                .body()
                .path("data")
                .path(0)
                .path("embedding")
                .asString();

        ByteBuffer bytes = ByteBuffer.wrap(Base64.getDecoder().decode(encoded)).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(floats.size()).isEqualTo(4);
        for (int i = 0; i < 4; i++) {
            assertThat(bytes.getFloat()).isEqualTo(floats.path(i).floatValue());
        }
    }

    @Test
    void modelNameFailureAppliesToEmbeddings() {
        Answer answer = client.post(PATH, """
                {"model": "e-fail-503", "input": "x"}""");

        assertThat(answer.status()).isEqualTo(503);
        assertThat(answer.body().path("error").path("type").asString()).isEqualTo("server_error");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{oops",
                "{\"input\": \"x\"}",
                "{\"model\": \"e\"}",
                "{\"model\": \"e\", \"input\": []}",
                "{\"model\": \"e\", \"input\": [1, 2]}",
                "{\"model\": \"e\", \"input\": \"x\", \"encoding_format\": \"hex\"}"
            })
    void invalidBodiesAreA400InvalidRequestError(String body) {
        Answer answer = client.post(PATH, body);

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.body().path("error").path("type").asString()).isEqualTo("invalid_request_error");
    }
}
