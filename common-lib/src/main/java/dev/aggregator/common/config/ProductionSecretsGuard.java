package dev.aggregator.common.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.commons.logging.Log;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.util.ClassUtils;

/**
 * Every secret has a local default so that {@code ./aggregator up} and the tests need no setup;
 * each of those defaults says "change me". With {@code AGGREGATOR_ENV=production} a service refuses
 * to start while any secret it lists in {@code aggregator.secret-properties} still carries one, so
 * a forgotten variable can never ship a publicly known admin password or signing secret.
 *
 * <p>In production it also refuses well-known database and broker credentials: an empty or default
 * database password ({@code DB_PASSWORD}: empty in {@code ./aggregator}, {@code postgres} in
 * compose) in a service that talks to a database, and RabbitMQ's {@code guest} account
 * ({@code RABBITMQ_USER}/{@code RABBITMQ_PASSWORD}) in a service that talks to the broker. Messages
 * name the setting, never its value.
 */
public class ProductionSecretsGuard implements EnvironmentPostProcessor, Ordered {

    /** Present in a service that has a database (the gateway has none). */
    private static final String JDBC = "org.springframework.jdbc.core.JdbcTemplate";

    private static final String RABBIT = "org.springframework.amqp.rabbit.connection.ConnectionFactory";

    private static final Set<String> WELL_KNOWN_DATABASE_PASSWORDS =
            Set.of("postgres", "aggregator", "password", "admin", "root", "secret", "guest", "changeme", "123456");

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
        if (production) {
            List<String> refused = new ArrayList<>();
            if (!defaulted.isEmpty()) {
                refused.add("local default secrets: " + String.join(", ", defaulted));
            }
            ClassLoader classLoader = application.getClassLoader();
            if (ClassUtils.isPresent(JDBC, classLoader)
                    && environment.containsProperty("spring.datasource.url")
                    && isDefaultDatabasePassword(environment.getProperty("spring.datasource.password"))) {
                refused.add("spring.datasource.password (DB_PASSWORD) is empty or a well-known default");
            }
            if (ClassUtils.isPresent(RABBIT, classLoader)
                    && isDefaultBrokerAccount(
                            environment.getProperty("spring.rabbitmq.username"),
                            environment.getProperty("spring.rabbitmq.password"))) {
                refused.add("spring.rabbitmq.username / spring.rabbitmq.password (RABBITMQ_USER / RABBITMQ_PASSWORD)"
                        + " are RabbitMQ's default guest account or an empty password");
            }
            if (!refused.isEmpty()) {
                throw new IllegalStateException("Refusing to start in production with " + String.join("; ", refused)
                        + ". Set them through their environment variables.");
            }
            return;
        }
        if (defaulted.isEmpty()) return;
        log.warn("Using local default secrets (" + String.join(", ", defaulted) + "): fine on a laptop, "
                + "refused with AGGREGATOR_ENV=production.");
    }

    /** Empty, "change me", or a password that compose files and tutorials use by default. */
    static boolean isDefaultDatabasePassword(String value) {
        return isLocalDefault(value)
                || WELL_KNOWN_DATABASE_PASSWORDS.contains(value.strip().toLowerCase(Locale.ROOT));
    }

    /** RabbitMQ's guest account (its default when nothing is set), or no password at all. */
    static boolean isDefaultBrokerAccount(String username, String password) {
        String user = username == null || username.isBlank() ? "guest" : username.strip();
        return "guest".equalsIgnoreCase(user) || isLocalDefault(password) || "guest".equalsIgnoreCase(password.strip());
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
