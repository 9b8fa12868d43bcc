package dev.aggregator.auth.accounts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

/** A startup that fails over the admin password must say which setting is wrong, never what it holds. */
@ExtendWith(OutputCaptureExtension.class)
class PlatformAdminPropertiesTests {

    private static final String SHORT_PASSWORD = "Pw-9kq2x"; // 8 characters

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(PlatformAdminProperties.class)
    static class BindsTheAdmin {}

    @Test
    void aTooShortPasswordFailsTheStartupWithoutPrintingIt(CapturedOutput output) {
        assertThatThrownBy(() -> start("--aggregator.platform-admin.password=" + SHORT_PASSWORD))
                .satisfies(failure -> assertThat(stackTrace(failure)).doesNotContain(SHORT_PASSWORD));

        assertThat(output.getAll())
                .contains("aggregator.platform-admin.password")
                .contains("it has " + SHORT_PASSWORD.length())
                .doesNotContain(SHORT_PASSWORD);
    }

    @Test
    void aLongEnoughPasswordBinds() {
        String password = "a-long-enough-admin-password";
        try (ConfigurableApplicationContext context = start("--aggregator.platform-admin.password=" + password)) {
            PlatformAdminProperties properties = context.getBean(PlatformAdminProperties.class);
            assertThat(properties.password()).isEqualTo(password);
            assertThat(properties.toString()).doesNotContain(password);
        }
    }

    private static ConfigurableApplicationContext start(String... args) {
        return new SpringApplicationBuilder(BindsTheAdmin.class)
                .web(WebApplicationType.NONE)
                .properties("aggregator.platform-admin.email=admin@example.test")
                .run(args);
    }

    private static String stackTrace(Throwable failure) {
        var writer = new StringWriter();
        failure.printStackTrace(new PrintWriter(writer));
        return writer.toString();
    }
}
