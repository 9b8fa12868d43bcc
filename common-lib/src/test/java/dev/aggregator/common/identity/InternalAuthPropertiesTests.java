package dev.aggregator.common.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

/** A startup that fails over the secret must say which setting is wrong, never what it holds. */
@ExtendWith(OutputCaptureExtension.class)
class InternalAuthPropertiesTests {

    private static final String SHORT_SECRET = "short-secret-Zq7x"; // 17 characters

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(InternalAuthProperties.class)
    static class BindsTheSecret {}

    @Test
    void aTooShortSecretFailsTheStartupWithoutPrintingIt(CapturedOutput output) {
        assertThatThrownBy(() -> start("--aggregator.internal-auth.secret=" + SHORT_SECRET))
                .satisfies(failure -> assertThat(stackTrace(failure)).doesNotContain(SHORT_SECRET));

        assertThat(output.getAll())
                .contains("aggregator.internal-auth.secret")
                .contains("it has " + SHORT_SECRET.length())
                .doesNotContain(SHORT_SECRET);
    }

    @Test
    void aLongEnoughSecretBinds() {
        String secret = "a-secret-of-at-least-thirty-two-characters";
        try (ConfigurableApplicationContext context = start("--aggregator.internal-auth.secret=" + secret)) {
            InternalAuthProperties properties = context.getBean(InternalAuthProperties.class);
            assertThat(properties.secret()).isEqualTo(secret);
            assertThat(properties.toString()).doesNotContain(secret);
        }
    }

    private static ConfigurableApplicationContext start(String... args) {
        return new SpringApplicationBuilder(BindsTheSecret.class)
                .web(WebApplicationType.NONE)
                .run(args);
    }

    private static String stackTrace(Throwable failure) {
        var writer = new java.io.StringWriter();
        failure.printStackTrace(new java.io.PrintWriter(writer));
        return writer.toString();
    }
}
