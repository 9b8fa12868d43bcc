package dev.aggregator.auth.sessions;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aggregator.auth.AuthServiceTestSupport;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;

class LoginThrottlingTests extends AuthServiceTestSupport {

    @Test
    void fiveFailuresForOneEmailFromOneAddressBlockThatPairWith429AndRetryAfterEvenWithTheRightPassword() {
        var company = registerCompany();
        String ip = uniqueIp();
        for (int i = 0; i < 5; i++) {
            assertThat(loginFrom(ip, company.email(), "wrong password " + i).status())
                    .isEqualTo(401);
        }

        var blocked = loginFrom(ip, company.email(), PASSWORD);

        assertThat(blocked.status()).isEqualTo(429);
        assertThat(Long.parseLong(blocked.headers().getFirst("Retry-After"))).isBetween(1L, 900L);
        assertThat(blocked.text("type")).isEqualTo("https://aggregator.dev/problems/rate-limited");
    }

    @Test
    void someoneElsesFailuresDoNotLockTheOwnerOutFromTheirOwnAddress() {
        var company = registerCompany();
        String attacker = uniqueIp();
        for (int i = 0; i < 8; i++) loginFrom(attacker, company.email(), "wrong password " + i);
        assertThat(loginFrom(attacker, company.email(), PASSWORD).status()).isEqualTo(429);

        assertThat(loginFrom(uniqueIp(), company.email(), PASSWORD).status()).isEqualTo(200);
    }

    @Test
    void failuresForOneEmailFromManyAddressesBlockItEverywhereAtTheHigherLimit() {
        // The test profile sets max-failures-per-email-globally to 10.
        var company = registerCompany();
        for (int i = 0; i < 10; i++) {
            assertThat(loginFrom(uniqueIp(), company.email(), "wrong password " + i)
                            .status())
                    .isEqualTo(401);
        }

        var blocked = loginFrom(uniqueIp(), company.email(), PASSWORD);

        assertThat(blocked.status()).isEqualTo(429);
        assertThat(blocked.headers().getFirst("Retry-After")).isNotBlank();
    }

    @Test
    void parallelGuessesCannotOutrunTheLimit() throws Exception {
        var company = registerCompany();
        String ip = uniqueIp();
        int guesses = 12;
        var start = new CountDownLatch(1);
        List<Integer> statuses = new ArrayList<>();
        try (var pool = Executors.newFixedThreadPool(guesses)) {
            List<Future<Integer>> results = new ArrayList<>();
            for (int i = 0; i < guesses; i++) {
                String password = "wrong password " + i;
                Callable<Integer> guess = () -> {
                    start.await();
                    return loginFrom(ip, company.email(), password).status();
                };
                results.add(pool.submit(guess));
            }
            start.countDown();
            for (var result : results) statuses.add(result.get());
        }

        assertThat(statuses).filteredOn(status -> status == 401).hasSize(5);
        assertThat(statuses).filteredOn(status -> status == 429).hasSize(guesses - 5);
    }

    @Test
    void ipv6AddressesAreCountedByTheirSlash64() {
        var company = registerCompany();
        var random = ThreadLocalRandom.current();
        String prefix = "2001:db8:%x:%x".formatted(random.nextInt(0x10000), random.nextInt(0x10000));
        for (int i = 1; i <= 5; i++) {
            assertThat(loginFrom(prefix + "::" + Integer.toHexString(i), company.email(), "wrong password")
                            .status())
                    .isEqualTo(401);
        }

        assertThat(loginFrom(prefix + ":ffff:1:2:3", company.email(), PASSWORD).status())
                .isEqualTo(429);
        assertThat(loginFrom("2001:db8:ffff:ffff::1", company.email(), PASSWORD).status())
                .isEqualTo(200);
    }

    @Test
    void twentyFailuresFromOneAddressBlockThatAddressOnly() {
        var company = registerCompany();
        String ip = uniqueIp();
        for (int i = 0; i < 20; i++) {
            // The address is the one the trusted proxy (the gateway, on loopback) appended last.
            assertThat(loginFrom("10.0.0." + i + ", " + ip, uniqueEmail(), PASSWORD)
                            .status())
                    .isEqualTo(401);
        }

        var blocked = loginFrom(ip, company.email(), PASSWORD);
        assertThat(blocked.status()).isEqualTo(429);
        assertThat(blocked.headers().getFirst("Retry-After")).isNotBlank();

        assertThat(loginFrom(uniqueIp(), company.email(), PASSWORD).status()).isEqualTo(200);
    }

    @Test
    void successfulLoginsDoNotUseUpTheirAddress() {
        String ip = uniqueIp();
        var company = registerCompany();
        for (int i = 0; i < 25; i++) {
            assertThat(loginFrom(ip, company.email(), PASSWORD).status()).isEqualTo(200);
        }
    }

    @Test
    void aSuccessfulLoginClearsTheEmailsFailures() {
        var company = registerCompany();
        String ip = uniqueIp();
        for (int i = 0; i < 4; i++) loginFrom(ip, company.email(), "wrong password");
        assertThat(loginFrom(ip, company.email(), PASSWORD).status()).isEqualTo(200);

        for (int i = 0; i < 4; i++) {
            assertThat(loginFrom(ip, company.email(), "wrong password").status())
                    .isEqualTo(401);
        }
        assertThat(loginFrom(ip, company.email(), PASSWORD).status()).isEqualTo(200);
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
