package dev.aggregator.auth.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aggregator.auth.AuthServiceTestSupport;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.DefaultApplicationArguments;

class PlatformAdminBootstrapTests extends AuthServiceTestSupport {

    @Autowired
    PlatformAdminBootstrap bootstrap;

    @Autowired
    PlatformAdminProperties admin;

    @Test
    void thePlatformAdminCanLogInWithThePlatformAdminRole() {
        var login = login(admin.email(), admin.password());

        assertThat(login.status()).isEqualTo(200);
        var claims = verifyAccessToken(login.text("access_token"));
        assertThat(claims.get("roles", java.util.List.class)).containsExactly("PLATFORM_ADMIN");
        assertThat(claims.get("company_id", String.class))
                .isEqualTo(PlatformAdminBootstrap.PLATFORM_COMPANY_ID.toString());
    }

    @Test
    void runningAgainCreatesNothingAndKeepsThePassword() {
        String hashBefore = adminPasswordHash();

        bootstrap.run(new DefaultApplicationArguments());

        assertThat(adminPasswordHash()).isEqualTo(hashBefore);
        assertThat(jdbc.sql("SELECT count(*) FROM member WHERE role = 'PLATFORM_ADMIN' AND lower(email) = lower(?)")
                        .param(admin.email())
                        .query(Long.class)
                        .single())
                .isEqualTo(1);
        assertThat(jdbc.sql("SELECT count(*) FROM company WHERE id = ?")
                        .param(PlatformAdminBootstrap.PLATFORM_COMPANY_ID)
                        .query(Long.class)
                        .single())
                .isEqualTo(1);
    }

    private String adminPasswordHash() {
        return jdbc.sql("SELECT password_hash FROM member WHERE lower(email) = lower(?)")
                .param(admin.email())
                .query(String.class)
                .single();
    }
}
