package dev.aggregator.common.web.clientaddress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

class TrustedProxiesTests {

    private final TrustedProxies loopback = TrustedProxies.of(List.of("127.0.0.0/8", "::1/128"));

    @Test
    void aClientThatIsNoTrustedProxyCannotChooseItsAddress() {
        assertThat(loopback.clientAddress("198.51.100.9", List.of("203.0.113.7")))
                .isEqualTo("198.51.100.9");
    }

    @Test
    void behindATrustedProxyTheHopItAppendedIsTheClient() {
        assertThat(loopback.clientAddress("127.0.0.1", List.of("203.0.113.7"))).isEqualTo("203.0.113.7");
        // Whatever the client put first is not believed: the proxy's own entry is the last one.
        assertThat(loopback.clientAddress("127.0.0.1", List.of("1.2.3.4, 203.0.113.7")))
                .isEqualTo("203.0.113.7");
        assertThat(TrustedProxies.of(List.of("127.0.0.1", "10.0.0.0/8"))
                        .clientAddress("127.0.0.1", List.of("1.2.3.4, 203.0.113.7", "10.1.2.3")))
                .isEqualTo("203.0.113.7");
    }

    @Test
    void garbageInTheChainStopsTheWalk() {
        assertThat(loopback.clientAddress("127.0.0.1", List.of("evil.example.com")))
                .isEqualTo("127.0.0.1");
        assertThat(loopback.clientAddress("::1", List.of("x".repeat(200)))).isEqualTo("::1");
    }

    @Test
    void blocksMatchByPrefix() {
        var proxies = TrustedProxies.of(List.of("172.16.0.0/12", "fd00::/8"));
        assertThat(proxies.trusts("172.31.255.1")).isTrue();
        assertThat(proxies.trusts("172.32.0.1")).isFalse();
        assertThat(proxies.trusts("fd12::1")).isTrue();
        assertThat(proxies.trusts("fe80::1")).isFalse();
        assertThat(TrustedProxies.none().trusts("127.0.0.1")).isFalse();
    }

    @Test
    void aBadBlockIsRefusedAtStartup() {
        assertThatIllegalArgumentException().isThrownBy(() -> TrustedProxies.of(List.of("gateway.local")));
        assertThatIllegalArgumentException().isThrownBy(() -> TrustedProxies.of(List.of("10.0.0.0/33")));
    }

    @Test
    void theServletFilterResolvesTheAddressOnce() throws Exception {
        var request = new MockHttpServletRequest("POST", "/v1/auth/login");
        request.setRemoteAddr("198.51.100.9");
        request.addHeader("X-Forwarded-For", "203.0.113.7");
        new ClientAddresses(loopback).doFilter(request, new MockHttpServletResponse(), new MockFilterChain());
        assertThat(ClientAddresses.of(request)).isEqualTo("198.51.100.9");

        var proxied = new MockHttpServletRequest("POST", "/v1/auth/login");
        proxied.setRemoteAddr("127.0.0.1");
        proxied.addHeader("X-Forwarded-For", "203.0.113.7");
        new ClientAddresses(loopback).doFilter(proxied, new MockHttpServletResponse(), new MockFilterChain());
        assertThat(ClientAddresses.of(proxied)).isEqualTo("203.0.113.7");
    }
}
