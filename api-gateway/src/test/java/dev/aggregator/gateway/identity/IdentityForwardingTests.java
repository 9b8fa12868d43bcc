package dev.aggregator.gateway.identity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aggregator.common.identity.Identity;
import dev.aggregator.common.identity.InternalTokens;
import dev.aggregator.gateway.support.GatewayTestSupport;
import java.util.Set;
import org.junit.jupiter.api.Test;

class IdentityForwardingTests extends GatewayTestSupport {

    @Test
    void memberIdentityReplacesWhateverTheClientSent() {
        var member = member("OWNER");
        var forged = internalTokens.mint(
                Identity.member(member.companyId(), member.userId(), "x@y.z", Set.of(Identity.PLATFORM_ADMIN)));
        String requestId = newRequestId();

        client.get()
                .uri("/v1/billing/balance")
                .header("Authorization", member.bearer())
                .header("X-Request-Id", requestId)
                .header(InternalTokens.HEADER, forged)
                .header("x-aggregator-provider", "evil")
                .exchange()
                .expectStatus()
                .isOk();

        var headers = stubs.received(requestId).orElseThrow().headers();
        assertThat(headers.getAll(InternalTokens.HEADER)).hasSize(1);
        assertThat(internalTokens.verify(headers.get(InternalTokens.HEADER)))
                .contains(Identity.member(member.companyId(), member.userId(), member.email(), Set.of("OWNER")));
        assertThat(headers.contains("x-aggregator-provider")).isFalse();
        assertThat(headers.contains("Authorization"))
                .as("credentials stay at the edge")
                .isFalse();
    }

    @Test
    void apiKeyIdentityCarriesTheKeyAndItsScopes() {
        var key = apiKeyWithAllScopes();
        String requestId = newRequestId();

        client.post()
                .uri("/v1/chat/completions")
                .header("Authorization", key.bearer())
                .header("X-Request-Id", requestId)
                .bodyValue("{\"model\":\"m\"}")
                .exchange()
                .expectStatus()
                .isOk();

        var forwarded = stubs.received(requestId).orElseThrow().headers().get(InternalTokens.HEADER);
        assertThat(internalTokens.verify(forwarded)).contains(Identity.apiKey(key.companyId(), key.id(), key.scopes()));
    }

    @Test
    void publicEndpointsGetNoIdentityEvenAForgedOne() {
        String requestId = newRequestId();
        var forged = internalTokens.mint(Identity.service("auth-service"));

        client.post()
                .uri("/v1/auth/login")
                .header("X-Request-Id", requestId)
                .header("X-AGGREGATOR-IDENTITY", forged)
                .bodyValue("{\"email\":\"a@b.c\",\"password\":\"secret\"}")
                .exchange()
                .expectStatus()
                .isOk();

        var received = stubs.received(requestId).orElseThrow();
        assertThat(received.service()).isEqualTo("auth");
        assertThat(received.headers().contains(InternalTokens.HEADER)).isFalse();
    }

    @Test
    void stripesWebhookReachesBillingWithoutCredentialsAndWithoutAnIdentity() {
        String requestId = newRequestId();
        var forged = internalTokens.mint(Identity.service("proxy-service"));

        client.post()
                .uri("/v1/billing/webhooks/stripe")
                .header("X-Request-Id", requestId)
                .header("Stripe-Signature", "t=1,v1=abc")
                .header(InternalTokens.HEADER, forged)
                .bodyValue("{\"type\":\"checkout.session.completed\"}")
                .exchange()
                .expectStatus()
                .isOk();

        var received = stubs.received(requestId).orElseThrow();
        assertThat(received.service()).isEqualTo("billing");
        assertThat(received.headers().get("Stripe-Signature")).isEqualTo("t=1,v1=abc");
        assertThat(received.headers().contains(InternalTokens.HEADER)).isFalse();
    }

    @Test
    void onlyThePostOfStripesWebhookIsPublicTheOtherTopUpRoutesNeedCredentials() {
        client.get()
                .uri("/v1/billing/webhooks/stripe")
                .exchange()
                .expectStatus()
                .isUnauthorized();
        client.get().uri("/v1/billing/top-ups").exchange().expectStatus().isUnauthorized();
        client.post()
                .uri("/v1/billing/top-ups")
                .bodyValue("{\"amount\":10}")
                .exchange()
                .expectStatus()
                .isUnauthorized();
    }

    @Test
    void forwardedForStartsWithTheRealClientAddress() {
        String requestId = newRequestId();

        client.post()
                .uri("/v1/auth/login")
                .header("X-Request-Id", requestId)
                .header("X-Forwarded-For", "203.0.113.7")
                .header("Forwarded", "for=203.0.113.7")
                .header("X-Real-IP", "203.0.113.7")
                .bodyValue("{}")
                .exchange()
                .expectStatus()
                .isOk();

        var headers = stubs.received(requestId).orElseThrow().headers();
        assertThat(headers.get("X-Forwarded-For")).startsWith("127.0.0.1").doesNotContain("203.0.113.7");
        assertThat(headers.contains("Forwarded")).isFalse();
        assertThat(headers.contains("X-Real-IP")).isFalse();
    }
}
