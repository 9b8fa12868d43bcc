package dev.aggregator.gateway.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CanonicalPathFilterTests {

    @ParameterizedTest
    @ValueSource(strings = {"/v1/models", "/v1/models/gpt-4o", "/v1/models/openai%3Agpt-4o", "/v1/billing/", "/health"})
    void ordinaryPathsPass(String path) {
        assertThat(CanonicalPathFilter.isCanonical(path)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "/v1/auth/../internal/jwks",
                "/v1/auth/./me",
                "/v1/auth/..",
                "/v1/auth/%2E%2E/internal/jwks",
                "/v1/auth/%2f..%2finternal",
                "/v1/auth/..;/internal/jwks",
                "/v1/auth\\..\\internal",
                "/v1/models;jsessionid=1"
            })
    void pathsAServletContainerWouldRewriteAreRefused(String path) {
        assertThat(CanonicalPathFilter.isCanonical(path)).isFalse();
    }
}
