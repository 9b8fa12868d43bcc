package dev.aggregator.gateway.authentication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.aggregator.common.events.EventsProperties;
import dev.aggregator.common.events.SessionsRevoked;
import dev.aggregator.gateway.support.GatewayTestSupport;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.json.JsonMapper;

class SessionRevocationTests extends GatewayTestSupport {

    @Autowired
    RabbitTemplate rabbit;

    @Autowired
    EventsProperties events;

    @Autowired
    JsonMapper json;

    @Test
    void anEndedSessionsAccessTokenIsRefusedWithinASecondAndOtherSessionsGoOn() {
        var companyId = UUID.randomUUID();
        var userId = UUID.randomUUID();
        var ended = UUID.randomUUID();
        var kept = UUID.randomUUID();
        String endedToken = token(companyId, userId, ended);
        String keptToken = token(companyId, userId, kept);
        assertThat(status(endedToken)).isEqualTo(200);

        publish(companyId, userId, List.of(ended));

        await().atMost(Duration.ofSeconds(1))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> status(endedToken) == 401);
        assertThat(status(keptToken)).isEqualTo(200);
    }

    @Test
    void aTokenWithoutExpiryOrSessionIsRefused() {
        var companyId = UUID.randomUUID();
        var userId = UUID.randomUUID();
        String noExpiry =
                signingKey.accessToken(companyId, userId, "a@b.c", List.of("OWNER"), jwt -> jwt.expiration(null));
        String noSession =
                signingKey.accessToken(companyId, userId, "a@b.c", List.of("OWNER"), jwt -> jwt.claim("sid", null));
        assertThat(status(noExpiry)).isEqualTo(401);
        assertThat(status(noSession)).isEqualTo(401);
    }

    @Test
    void theSessionIsForwardedAndNeverTakenFromTheClient() {
        var session = UUID.randomUUID();
        String requestId = newRequestId();
        client.get()
                .uri("/v1/billing/balance")
                .header("Authorization", "Bearer " + token(UUID.randomUUID(), UUID.randomUUID(), session))
                .header("X-Request-Id", requestId)
                .header("X-Aggregator-Session", UUID.randomUUID().toString())
                .exchange()
                .expectStatus()
                .isOk();

        var headers = stubs.received(requestId).orElseThrow().headers();
        assertThat(headers.getAll("X-Aggregator-Session")).containsExactly(session.toString());
    }

    @Test
    void invitationAcceptanceAndPasswordResetArePublic() {
        for (String path :
                List.of("/v1/auth/invitations/accept", "/v1/auth/password-reset", "/v1/auth/password-reset/confirm")) {
            client.post()
                    .uri(path)
                    .bodyValue(Map.of("token", "t"))
                    .exchange()
                    .expectStatus()
                    .isOk();
        }
    }

    private String token(UUID companyId, UUID userId, UUID session) {
        return signingKey.accessToken(
                companyId, userId, "a@b.c", List.of("OWNER"), jwt -> jwt.claim("sid", session.toString()));
    }

    /** As auth-service's outbox relay sends it: the JSON its mapper wrote, no type header. */
    private void publish(UUID companyId, UUID userId, List<UUID> sessions) {
        var properties = new MessageProperties();
        properties.setContentType(MessageProperties.CONTENT_TYPE_JSON);
        properties.setContentEncoding(StandardCharsets.UTF_8.name());
        var event = Map.of(
                "event_id",
                UUID.randomUUID(),
                "occurred_at",
                java.time.Instant.now().toString(),
                "type",
                SessionsRevoked.TYPE,
                "version",
                1,
                "company_id",
                companyId,
                "user_id",
                userId,
                "session_ids",
                sessions,
                "reason",
                "member_removed");
        rabbit.send(events.exchange(), SessionsRevoked.TYPE, new Message(json.writeValueAsBytes(event), properties));
    }

    private int status(String token) {
        return client.get()
                .uri("/v1/models")
                .header("Authorization", "Bearer " + token)
                .exchange()
                .returnResult(String.class)
                .getStatus()
                .value();
    }
}
