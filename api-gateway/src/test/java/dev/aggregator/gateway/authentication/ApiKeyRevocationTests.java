package dev.aggregator.gateway.authentication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.aggregator.common.events.ApiKeyRevoked;
import dev.aggregator.common.events.EventsProperties;
import dev.aggregator.gateway.support.GatewayTestSupport;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.json.JsonMapper;

class ApiKeyRevocationTests extends GatewayTestSupport {

    @Autowired
    RabbitTemplate rabbit;

    @Autowired
    EventsProperties events;

    @Autowired
    JsonMapper json;

    @Test
    void aRevokedKeyIsRefusedOnceTheRevocationArrives() {
        var key = apiKeyWithAllScopes();
        assertThat(status(key)).isEqualTo(200);
        stubs.forgetApiKey(key.key());
        assertThat(status(key))
                .as("still cached: auth-service is not asked again")
                .isEqualTo(200);

        publish(ApiKeyRevoked.of(key.companyId(), key.id()));

        await().atMost(Duration.ofSeconds(5))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> status(key) == 401);
    }

    @Test
    void revokingOneKeyLeavesOthersCached() {
        var kept = apiKeyWithAllScopes();
        var revoked = apiKeyWithAllScopes();
        assertThat(status(kept)).isEqualTo(200);
        assertThat(status(revoked)).isEqualTo(200);
        stubs.forgetApiKey(revoked.key());

        publish(ApiKeyRevoked.of(revoked.companyId(), revoked.id()));

        await().atMost(Duration.ofSeconds(5))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> status(revoked) == 401);
        assertThat(status(kept)).isEqualTo(200);
        assertThat(stubs.verifyCalls(kept.key())).isEqualTo(1);
    }

    /** As auth-service's outbox relay sends it: the JSON its mapper wrote, no type header. */
    private void publish(ApiKeyRevoked event) {
        var properties = new MessageProperties();
        properties.setContentType(MessageProperties.CONTENT_TYPE_JSON);
        properties.setContentEncoding(StandardCharsets.UTF_8.name());
        properties.setType(event.type());
        rabbit.send(events.exchange(), event.type(), new Message(json.writeValueAsBytes(event), properties));
    }

    private int status(TestApiKey key) {
        return client.get()
                .uri("/v1/models")
                .header("Authorization", key.bearer())
                .exchange()
                .returnResult(String.class)
                .getStatus()
                .value();
    }
}
