package dev.aggregator.common.config;

import java.util.List;
import java.util.Locale;
import org.apache.commons.logging.Log;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Every secret has a local default so that {@code ./aggregator up} and the tests need no setup;
 * each of those defaults says "change me". With {@code AGGREGATOR_ENV=production} a service refuses
 * to start while any secret it lists in {@code aggregator.secret-properties} still carries one, so
 * a forgotten variable can never ship a publicly known admin password or signing secret.
 */
public class ProductionSecretsGuard implements EnvironmentPostProcessor, Ordered {

    private final Log log;

    public ProductionSecretsGuard(DeferredLogFactory logs) {
        this.log = logs.getLog(ProductionSecretsGuard.class);
    }

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        var binder = Binder.get(environment);
        boolean production = "production"
                .equalsIgnoreCase(
                        binder.bind("aggregator.environment", String.class).orElse("local"));
        List<String> secrets = binder.bind("aggregator.secret-properties", Bindable.listOf(String.class))
                .orElse(List.of());
        List<String> defaulted = secrets.stream()
                .filter(name -> isLocalDefault(environment.getProperty(name)))
                .toList();
        if (defaulted.isEmpty()) return;
        if (production) {
            throw new IllegalStateException("Refusing to start in production with local default secrets: "
                    + String.join(", ", defaulted) + ". Set them through their environment variables.");
        }
        log.warn("Using local default secrets (" + String.join(", ", defaulted) + "): fine on a laptop, "
                + "refused with AGGREGATOR_ENV=production.");
    }

    static boolean isLocalDefault(String value) {
        return value == null
                || value.isBlank()
                || value.toLowerCase(Locale.ROOT)
                        .replace("-", "")
                        .replace("_", "")
                        .contains("changeme");
    }

    /** After the configuration files and {@link AggregatorDefaults} are in place. */
    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
