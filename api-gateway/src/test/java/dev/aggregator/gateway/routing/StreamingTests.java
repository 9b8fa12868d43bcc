package dev.aggregator.gateway.routing;

import dev.aggregator.gateway.support.GatewayTestSupport;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.codec.ServerSentEvent;
import reactor.test.StepVerifier;

class StreamingTests extends GatewayTestSupport {

    @Test
    void eventsReachTheClientOneByOneAsTheServiceWritesThem() {
        var key = apiKeyWithAllScopes();
        String streamId = UUID.randomUUID().toString();
        var upstream = stubs.openStream(streamId);
        upstream.tryEmitNext("data: first\n\n");

        var events = client.post()
                .uri("/v1/chat/completions")
                .header("Authorization", key.bearer())
                .header("X-Test-Stream", streamId)
                .bodyValue("{\"model\":\"m\",\"stream\":true}")
                .exchange()
                .expectStatus()
                .isOk()
                .returnResult(new ParameterizedTypeReference<ServerSentEvent<String>>() {})
                .getResponseBody()
                .map(ServerSentEvent::data);

        // Each event is written only after the previous one arrived: a buffering gateway would stall here.
        StepVerifier.create(events)
                .expectNext("first")
                .then(() -> upstream.tryEmitNext("data: second\n\n"))
                .expectNext("second")
                .then(() -> {
                    upstream.tryEmitNext("data: [DONE]\n\n");
                    upstream.tryEmitComplete();
                })
                .expectNext("[DONE]")
                .expectComplete()
                .verify(Duration.ofSeconds(15));
    }
}
