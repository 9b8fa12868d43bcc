package dev.aggregator.gateway.errors;

import dev.aggregator.gateway.support.GatewayTestSupport;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

class UnknownUrlTests extends GatewayTestSupport {

    @Test
    void anUnknownPathUnderV1AnswersOpenAisUnknownUrlError() {
        client.post()
                .uri("/v1/foo")
                .bodyValue("{}")
                .exchange()
                .expectStatus()
                .isNotFound()
                .expectHeader()
                .contentType(MediaType.APPLICATION_JSON)
                .expectBody()
                .jsonPath("$.error.message")
                .isEqualTo("Invalid URL (POST /v1/foo)")
                .jsonPath("$.error.type")
                .isEqualTo("invalid_request_error")
                .jsonPath("$.error.param")
                .isEmpty()
                .jsonPath("$.error.code")
                .isEqualTo("unknown_url");
    }

    @Test
    void anUnknownPathOutsideV1StaysAProblem() {
        client.get()
                .uri("/nothing-here")
                .exchange()
                .expectStatus()
                .isNotFound()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON);
    }
}
