package dev.aggregator.mockprovider;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aggregator.mockprovider.MockProviderClient.Answer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The server-wide settings an environment sets (MOCK_* variables), all switched on at once. */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "mock.require-api-key=sk-mock-test",
            "mock.failure-rate=1.0",
            "mock.failure-status=502",
            "mock.latency-ms=250"
        })
class ConfiguredBehaviourTests {

    private static final String CHAT = """
            {"model": "m", "messages": [{"role": "user", "content": "hi"}]}""";

    @LocalServerPort
    int port;

    MockProviderClient client;

    @BeforeEach
    void setUp() {
        client = new MockProviderClient(port);
    }

    @Test
    void missingApiKeyIsA401InOpenAiShape() {
        Answer answer = client.post("/v1/chat/completions", CHAT);

        assertThat(answer.status()).isEqualTo(401);
        assertThat(answer.body().path("error").path("code").asString()).isEqualTo("invalid_api_key");
        assertThat(answer.body().path("error").path("type").asString()).isEqualTo("invalid_request_error");
    }

    @Test
    void wrongApiKeyIsA401EvenBeforeTheBodyIsRead() {
        Answer wrongKey = client.post("/v1/chat/completions", CHAT, "Authorization", "Bearer sk-other");
        Answer brokenBody = client.post("/v1/chat/completions", "{broken", "Authorization", "Bearer sk-other");
        Answer models = client.get("/v1/models", "Authorization", "Bearer sk-other");

        assertThat(wrongKey.status()).isEqualTo(401);
        assertThat(wrongKey.response().body()).doesNotContain("sk-other");
        assertThat(brokenBody.status()).isEqualTo(401);
        assertThat(models.status()).isEqualTo(401);
    }

    @Test
    void rightKeyPassesAndTheConfiguredFailureRateAndLatencyApply() {
        long started = System.nanoTime();
        Answer answer = client.post("/v1/chat/completions", CHAT, "Authorization", "Bearer sk-mock-test");

        assertThat(answer.status()).isEqualTo(502);
        assertThat(answer.body().path("error").path("type").asString()).isEqualTo("server_error");
        assertThat((System.nanoTime() - started) / 1_000_000).isGreaterThanOrEqualTo(250);
    }

    @Test
    void headersOverrideTheConfiguredLatencyAndFailure() {
        long started = System.nanoTime();
        Answer answer = client.post(
                "/v1/chat/completions",
                CHAT,
                "Authorization",
                "Bearer sk-mock-test",
                "x-mock-latency-ms",
                "0",
                "x-mock-fail-status",
                "503");

        assertThat(answer.status()).isEqualTo(503);
        assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(250);
    }

    @Test
    void healthNeedsNoKey() {
        assertThat(client.get("/health").status()).isEqualTo(200);
    }
}
