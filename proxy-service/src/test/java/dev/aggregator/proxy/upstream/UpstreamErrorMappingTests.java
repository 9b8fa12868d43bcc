package dev.aggregator.proxy.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aggregator.proxy.routing.Candidate;
import dev.aggregator.proxy.testsupport.Json;
import java.math.BigDecimal;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.node.MissingNode;

class UpstreamErrorMappingTests {

    private static final Candidate CANDIDATE = new Candidate(
            UUID.randomUUID(),
            "acme",
            "openai",
            "https://api.acme.test/v1",
            "sk-live-provider-secret",
            "acme-large-2024",
            BigDecimal.ONE,
            BigDecimal.TEN);

    @ParameterizedTest(name = "HTTP {0} → {1}")
    @CsvSource({
        "400, REJECTED",
        "413, REJECTED",
        "422, REJECTED",
        "401, MISCONFIGURED",
        "402, MISCONFIGURED",
        "403, MISCONFIGURED",
        "404, MISCONFIGURED",
        "408, TIMEOUT",
        "429, OVERLOADED",
        "503, OVERLOADED",
        "529, OVERLOADED",
        "500, SERVER_ERROR",
        "502, SERVER_ERROR",
        "504, SERVER_ERROR",
    })
    void classifiesUpstreamStatuses(int status, UpstreamFailure.Kind kind) {
        var failure = UpstreamFailure.ofStatus(status, MissingNode.getInstance());
        assertThat(failure.kind()).isEqualTo(kind);
        assertThat(failure.providerFault()).isEqualTo(kind != UpstreamFailure.Kind.REJECTED);
    }

    @Test
    void aRejectedRequestKeepsTheProvidersStatusMessageAndParam() {
        var error = Json.object("{'error': {'message': 'Invalid value for temperature: 7.', 'type': "
                        + "'invalid_request_error', 'param': 'temperature', 'code': 'invalid_value'}}")
                .get("error");
        var openAi = new RequestRejected(CANDIDATE, UpstreamFailure.ofStatus(400, error)).toOpenAi("acme-large");
        assertThat(openAi.status().value()).isEqualTo(400);
        assertThat(openAi.type()).isEqualTo("invalid_request_error");
        assertThat(openAi.param()).isEqualTo("temperature");
        assertThat(openAi.code()).isEqualTo("invalid_value");
        assertThat(openAi.getMessage()).isEqualTo("Invalid value for temperature: 7.");
    }

    @Test
    void aRejectedRequestNeverShowsTheProviderKeyOrItsModelName() {
        var error = Json.object("{'error': {'message': 'Key sk-live-provider-secret may not use acme-large-2024 "
                        + "with 9000 tokens.'}}")
                .get("error");
        String message =
                new RequestRejected(CANDIDATE, UpstreamFailure.ofStatus(400, error)).clientMessage("acme-large");
        assertThat(message)
                .doesNotContain("sk-live-provider-secret", "acme-large-2024")
                .isEqualTo("Key *** may not use acme-large with 9000 tokens.");
    }

    @Test
    void aRejectedRequestWithoutAMessageSaysSoGenerically() {
        var failure = UpstreamFailure.ofStatus(422, MissingNode.getInstance());
        assertThat(new RequestRejected(CANDIDATE, failure).clientMessage("m"))
                .isEqualTo("The provider rejected the request (HTTP 422).");
    }

    @ParameterizedTest(name = "last failure {0} → {1} {2}")
    @CsvSource({
        "TIMEOUT, 504, upstream_timeout",
        "OVERLOADED, 503, provider_unavailable",
        "SERVER_ERROR, 502, upstream_error",
        "CONNECT, 502, upstream_error",
        "MISCONFIGURED, 502, upstream_error",
        "BAD_RESPONSE, 502, upstream_error",
    })
    void theLastFailureDecidesTheClientsStatus(UpstreamFailure.Kind kind, int status, String code) {
        var failure = switch (kind) {
            case TIMEOUT -> UpstreamFailure.timeout("the response headers");
            case OVERLOADED -> UpstreamFailure.ofStatus(429, MissingNode.getInstance());
            case SERVER_ERROR -> UpstreamFailure.ofStatus(500, MissingNode.getInstance());
            case CONNECT -> UpstreamFailure.connect(new java.net.ConnectException("refused"));
            case MISCONFIGURED -> UpstreamFailure.ofStatus(401, MissingNode.getInstance());
            default -> UpstreamFailure.badResponse("not JSON");
        };
        var openAi = new ProvidersExhausted(CANDIDATE, failure, 2).toOpenAi("acme-large");
        assertThat(openAi.status().value()).isEqualTo(status);
        assertThat(openAi.code()).isEqualTo(code);
        assertThat(openAi.getMessage())
                .contains("All 2 providers", "acme-large")
                .doesNotContain("acme-large-2024");
    }
}
