package dev.aggregator.gateway.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aggregator.gateway.support.GatewayTestSupport;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * The gateway's own log lines carry the request id from the MDC, as the services' lines do (text:
 * {@code [api-gateway,<id>]} after the level; {@code LOG_FORMAT=json}: the {@code request_id}
 * field), also when written on a Netty thread by the error handler, outside the filter chain, and
 * never the id of the request that thread served before.
 */
@ExtendWith(OutputCaptureExtension.class)
class RequestIdLogTests extends GatewayTestSupport {

    @Test
    void aServiceThatFailsIsLoggedUnderEachRequestsOwnId(CapturedOutput output) {
        var member = member("OWNER");
        String first = newRequestId();
        String second = newRequestId();

        for (String requestId : List.of(first, second)) {
            client.get()
                    .uri("/v1/billing/balance")
                    .header("Authorization", member.bearer())
                    .header("X-Request-Id", requestId)
                    .header("X-Test-Disconnect", "true")
                    .exchange()
                    .expectStatus()
                    .isEqualTo(503);
        }

        // GatewayErrorHandler's warning, written when the dropped connection is noticed on a
        // Netty thread, outside the filter chain.
        assertThat(line(output, "failed downstream", "[" + first + "]"))
                .contains(mdc(first))
                .doesNotContain(second);
        assertThat(line(output, "failed downstream", "[" + second + "]"))
                .contains(mdc(second))
                .doesNotContain(first);
    }

    /** The request id where the shared log pattern puts the MDC's: after the service name. */
    private static String mdc(String requestId) {
        return "[api-gateway," + requestId + "]";
    }

    private static String line(CapturedOutput output, String message, String marker) {
        return output.getOut()
                .lines()
                .filter(line -> line.contains(message) && line.contains(marker))
                .findFirst()
                .orElseThrow(() -> new AssertionError(
                        "no log line with '" + message + "' and '" + marker + "' in:\n" + output.getOut()));
    }
}
