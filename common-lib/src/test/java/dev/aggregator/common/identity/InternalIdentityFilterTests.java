package dev.aggregator.common.identity;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

class InternalIdentityFilterTests {

    private final InternalTokens tokens = new InternalTokens(
            new InternalAuthProperties(
                    "a-test-secret-that-is-long-enough-for-hs256", Duration.ofSeconds(60), List.of()),
            Clock.systemUTC());
    private final InternalIdentityFilter filter = new InternalIdentityFilter(tokens, List.of("/v1/auth/login"));

    @Test
    void letsACallerIdentityIntoCallerPaths() throws Exception {
        var identity = Identity.member(UUID.randomUUID(), UUID.randomUUID(), "a@b.test", Set.of("OWNER"));
        var request = request("/v1/billing/balance", tokens.mint(identity));

        assertThat(run(request).getStatus()).isEqualTo(200);
        assertThat(InternalIdentityFilter.current(request)).contains(identity);
    }

    @Test
    void refusesMissingOrForgedIdentities() throws Exception {
        assertThat(run(request("/v1/billing/balance", null)).getStatus()).isEqualTo(401);
        assertThat(run(request("/v1/billing/balance", "forged")).getStatus()).isEqualTo(401);
    }

    @Test
    void internalPathsTakeOnlyServicesAndCallerPathsOnlyCallers() throws Exception {
        var service = tokens.mint(Identity.service("proxy-service"));
        var caller = tokens.mint(Identity.apiKey(UUID.randomUUID(), UUID.randomUUID(), Set.of("chat")));

        assertThat(run(request("/internal/reservations", service)).getStatus()).isEqualTo(200);
        assertThat(run(request("/internal/reservations", caller)).getStatus()).isEqualTo(401);
        assertThat(run(request("/v1/billing/balance", service)).getStatus()).isEqualTo(401);
    }

    @Test
    void judgesTheNormalizedPathNotTheRawUri() throws Exception {
        var caller = tokens.mint(Identity.apiKey(UUID.randomUUID(), UUID.randomUUID(), Set.of("chat")));
        var request = request("/internal/jwks", caller);
        request.setRequestURI("/v1/auth/../internal/jwks");

        assertThat(run(request).getStatus()).isEqualTo(401);
    }

    @Test
    void publicAndOperationalPathsNeedNoIdentity() throws Exception {
        assertThat(run(request("/v1/auth/login", null)).getStatus()).isEqualTo(200);
        assertThat(run(request("/health", null)).getStatus()).isEqualTo(200);
    }

    private static MockHttpServletRequest request(String path, String token) {
        var request = new MockHttpServletRequest("GET", path);
        request.setServletPath(path);
        if (token != null) request.addHeader(InternalTokens.HEADER, token);
        return request;
    }

    private MockHttpServletResponse run(HttpServletRequest request) throws Exception {
        var response = new MockHttpServletResponse();
        filter.doFilter(request, response, new MockFilterChain());
        return response;
    }
}
