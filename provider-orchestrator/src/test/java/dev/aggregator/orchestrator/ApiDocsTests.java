package dev.aggregator.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;

/** The OpenAPI description is served without an identity and describes what clients send. */
class ApiDocsTests extends OrchestratorApiTestSupport {

    @Test
    void describesThePublicEndpointsWithoutTheIdentityParameterOrTheInternalOnes() {
        var docs = call(HttpMethod.GET, "/v3/api-docs", null, null);

        assertThat(docs.status()).isEqualTo(200);
        assertThat(docs.<Map<String, Object>>read("$.paths"))
                .containsKeys("/v1/providers", "/v1/providers/{id}", "/v1/models", "/v1/preferences")
                .doesNotContainKey("/internal/route-plans");
        assertThat(docs.<List<String>>read("$.paths..parameters[*].name"))
                .doesNotContain("identity")
                .contains("model", "id");
    }
}
