package dev.aggregator.proxy.testsupport;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

/**
 * The Spring context the proxy's tests share: real PostgreSQL (schema {@code proxy_it}) and
 * RabbitMQ (exchange {@code it.proxy-service}, so a platform running on this machine never sees our
 * events), with a {@link ProxyClient} to autowire. Nothing listens at the orchestrator and billing
 * addresses: tests that need a route plan put it in the cache themselves, and use free offerings,
 * which reserve nothing ({@link ProxyWithRealBillingTest} adds a real billing-service).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "aggregator.db.schema=proxy_it",
            "aggregator.events.exchange=it.proxy-service",
            "aggregator.proxy.orchestrator-url=http://127.0.0.1:1",
            "aggregator.proxy.billing-url=http://127.0.0.1:1"
        })
@Import(ProxyClient.class)
public @interface ProxyServiceTest {}
