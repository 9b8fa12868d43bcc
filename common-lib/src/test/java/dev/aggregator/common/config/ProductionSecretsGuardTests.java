package dev.aggregator.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.logging.DeferredLogs;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

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
        var environment = environment(Map.of(
                "aggregator.environment", "production",
                "aggregator.secret-properties", "aggregator.internal-auth.secret",
                "aggregator.internal-auth.secret", "a-real-secret-from-the-vault-0123456789"));

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

    private static StandardEnvironment environment(Map<String, Object> properties) {
        var environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("test", properties));
        return environment;
    }
}
