package dev.aggregator.auth.sessions;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aggregator.auth.AuthServiceTestSupport;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;

class LoginThrottlingTests extends AuthServiceTestSupport {

    @Test
    void fiveFailuresForOneEmailBlockItWith429AndRetryAfterEvenWithTheRightPassword() {
        var company = registerCompany();
        for (int i = 0; i < 5; i++) {
            assertThat(loginFrom(uniqueIp(), company.email(), "wrong password " + i)
                            .status())
                    .isEqualTo(401);
        }

        var blocked = loginFrom(uniqueIp(), company.email(), PASSWORD);

        assertThat(blocked.status()).isEqualTo(429);
        assertThat(Long.parseLong(blocked.headers().getFirst("Retry-After"))).isBetween(1L, 900L);
        assertThat(blocked.text("type")).isEqualTo("https://aggregator.dev/problems/rate-limited");
    }

    @Test
    void twentyFailuresFromOneAddressBlockThatAddressOnly() {
        var company = registerCompany();
        String ip = uniqueIp();
        for (int i = 0; i < 20; i++) {
            // The address is the first X-Forwarded-For entry; what proxies appended after it does not count.
            assertThat(loginFrom(ip + ", 10.0.0." + i, uniqueEmail(), PASSWORD).status())
                    .isEqualTo(401);
        }

        var blocked = loginFrom(ip, company.email(), PASSWORD);
        assertThat(blocked.status()).isEqualTo(429);
        assertThat(blocked.headers().getFirst("Retry-After")).isNotBlank();

        assertThat(loginFrom(uniqueIp(), company.email(), PASSWORD).status()).isEqualTo(200);
    }

    @Test
    void aSuccessfulLoginClearsTheEmailsFailures() {
        var company = registerCompany();
        for (int i = 0; i < 4; i++) loginFrom(uniqueIp(), company.email(), "wrong password");
        assertThat(loginFrom(uniqueIp(), company.email(), PASSWORD).status()).isEqualTo(200);

        for (int i = 0; i < 4; i++) {
            assertThat(loginFrom(uniqueIp(), company.email(), "wrong password").status())
                    .isEqualTo(401);
        }
        assertThat(loginFrom(uniqueIp(), company.email(), PASSWORD).status()).isEqualTo(200);
    }

    private Response loginFrom(String forwardedFor, String email, String password) {
        return call(
                HttpMethod.POST,
                "/v1/auth/login",
                Map.of("email", email, "password", password),
                null,
                Map.of("X-Forwarded-For", forwardedFor));
    }
}
