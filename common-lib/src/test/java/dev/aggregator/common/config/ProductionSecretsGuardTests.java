package dev.aggregator.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.logging.DeferredLogs;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.DefaultResourceLoader;

class ProductionSecretsGuardTests {

    private final ProductionSecretsGuard guard = new ProductionSecretsGuard(new DeferredLogs());

    @Test
    void productionRefusesToStartWithALocalDefaultSecret() {
        var environment = environment(Map.of(
                "aggregator.environment", "production",
                "aggregator.secret-properties", "aggregator.internal-auth.secret,aggregator.platform-admin.password",
                "aggregator.internal-auth.secret", "a-real-secret-from-the-vault-0123456789",
                "aggregator.platform-admin.password", "admin-password-change-me"));

        assertThatThrownBy(() -> guard.postProcessEnvironment(environment, new SpringApplication()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("aggregator.platform-admin.password")
                .hasMessageNotContaining("admin-password-change-me")
                .hasMessageNotContaining("a-real-secret");
    }

    @Test
    void productionStartsWhenEverySecretIsSet() {
        var environment = environment(production(Map.of()));

        assertThatCode(() -> guard.postProcessEnvironment(environment, new SpringApplication()))
                .doesNotThrowAnyException();
    }

    @Test
    void localRunsMayUseTheDefaults() {
        var environment = environment(Map.of(
                "aggregator.secret-properties", "aggregator.internal-auth.secret",
                "aggregator.internal-auth.secret", "local-dev-internal-secret-change-me-in-production"));

        assertThatCode(() -> guard.postProcessEnvironment(environment, new SpringApplication()))
                .doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "postgres", "aggregator", "Admin", "db-password-change-me"})
    void productionRefusesADefaultDatabasePassword(String password) {
        var environment = environment(production(Map.of("spring.datasource.password", password)));

        assertThatThrownBy(() -> guard.postProcessEnvironment(environment, new SpringApplication()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("spring.datasource.password (DB_PASSWORD)")
                .satisfies(failure -> {
                    if (!password.isEmpty()) assertThat(failure.getMessage()).doesNotContain(password);
                })
                .hasMessageNotContaining("a-real-secret")
                .hasMessageNotContaining("broker-password");
    }

    @Test
    void productionRefusesAMissingDatabasePassword() {
        var properties = production(Map.of());
        properties.remove("spring.datasource.password");

        assertThatThrownBy(() -> guard.postProcessEnvironment(environment(properties), new SpringApplication()))
                .hasMessageContaining("spring.datasource.password (DB_PASSWORD)");
    }

    @Test
    void aServiceWithoutADatabaseNeedsNoDatabasePassword() {
        var environment = environment(production(Map.of("spring.datasource.password", "")));
        var withoutJdbc =
                new SpringApplication(new DefaultResourceLoader(new FilteredClassLoader("org.springframework.jdbc")));

        assertThatCode(() -> guard.postProcessEnvironment(environment, withoutJdbc))
                .doesNotThrowAnyException();
    }

    @Test
    void productionRefusesRabbitMqsGuestAccount() {
        var environment = environment(production(Map.of(
                "spring.rabbitmq.username", "guest",
                "spring.rabbitmq.password", "guest")));

        assertThatThrownBy(() -> guard.postProcessEnvironment(environment, new SpringApplication()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("RABBITMQ_USER")
                .hasMessageContaining("RABBITMQ_PASSWORD")
                .hasMessageNotContaining("db-password")
                .hasMessageNotContaining("spring.datasource.password");
    }

    @Test
    void productionRefusesTheGuestAccountWhenNoBrokerCredentialsAreSet() {
        var properties = production(Map.of());
        properties.remove("spring.rabbitmq.username");
        properties.remove("spring.rabbitmq.password");

        assertThatThrownBy(() -> guard.postProcessEnvironment(environment(properties), new SpringApplication()))
                .hasMessageContaining("RABBITMQ_USER");
    }

    @Test
    void productionRefusesAnEmptyBrokerPassword() {
        var environment = environment(production(Map.of("spring.rabbitmq.password", "")));

        assertThatThrownBy(() -> guard.postProcessEnvironment(environment, new SpringApplication()))
                .hasMessageContaining("RABBITMQ_PASSWORD");
    }

    @Test
    void productionNamesEveryRefusedSettingAtOnce() {
        var environment = environment(production(Map.of(
                "aggregator.internal-auth.secret", "local-dev-internal-secret-change-me-in-production",
                "spring.datasource.password", "postgres",
                "spring.rabbitmq.username", "guest",
                "spring.rabbitmq.password", "guest")));

        assertThatThrownBy(() -> guard.postProcessEnvironment(environment, new SpringApplication()))
                .hasMessageContaining("aggregator.internal-auth.secret")
                .hasMessageContaining("DB_PASSWORD")
                .hasMessageContaining("RABBITMQ_USER")
                .hasMessageNotContaining("change-me-in-production")
                .hasMessageNotContaining("postgres");
    }

    @Test
    void localRunsMayUseTheDefaultDatabaseAndBrokerCredentials() {
        var environment = environment(Map.of(
                "spring.datasource.url", "jdbc:postgresql://127.0.0.1:5432/postgres",
                "spring.datasource.password", "",
                "spring.rabbitmq.username", "guest",
                "spring.rabbitmq.password", "guest"));

        assertThatCode(() -> guard.postProcessEnvironment(environment, new SpringApplication()))
                .doesNotThrowAnyException();
    }

    @Test
    void recognisesEveryShapeOfTheMarker() {
        assertThat(ProductionSecretsGuard.isLocalDefault("devOnlyProviderEncryptionKeyChangeMeInProdA="))
                .isTrue();
        assertThat(ProductionSecretsGuard.isLocalDefault("admin-password-change-me"))
                .isTrue();
        assertThat(ProductionSecretsGuard.isLocalDefault(null)).isTrue();
        assertThat(ProductionSecretsGuard.isLocalDefault("s3cr3t-from-the-vault"))
                .isFalse();
    }

    /** A production environment in which every secret and credential is set, with {@code overrides}. */
    private static Map<String, Object> production(Map<String, Object> overrides) {
        var properties = new HashMap<String, Object>(Map.of(
                "aggregator.environment", "production",
                "aggregator.secret-properties", "aggregator.internal-auth.secret",
                "aggregator.internal-auth.secret", "a-real-secret-from-the-vault-0123456789",
                "spring.datasource.url", "jdbc:postgresql://db.internal:5432/aggregator",
                "spring.datasource.password", "db-password-from-the-vault",
                "spring.rabbitmq.username", "aggregator",
                "spring.rabbitmq.password", "broker-password-from-the-vault"));
        properties.putAll(overrides);
        return properties;
    }

    private static StandardEnvironment environment(Map<String, Object> properties) {
        var environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("test", properties));
        return environment;
    }
}
