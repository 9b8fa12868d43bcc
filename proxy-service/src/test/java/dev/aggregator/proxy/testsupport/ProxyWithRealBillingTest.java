package dev.aggregator.proxy.testsupport;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * The context of the tests whose requests are priced: admitted against real leases from the real
 * billing-service ({@link RealBilling}, whose address each test class registers with a
 * {@code @DynamicPropertySource}), served by the real mock-provider. One annotation, so that all
 * of them share one context. The reaper runs every second here, so that a lease another
 * context's reaper (whose billing is unreachable) happened to claim is retried promptly.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(RealBilling.class)
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "aggregator.db.schema=proxy_it",
            "aggregator.events.exchange=it.proxy-service",
            "aggregator.proxy.orchestrator-url=http://127.0.0.1:1",
            "aggregator.proxy.lease.reaper-interval=1s",
            "aggregator.proxy.lease.close-retry-after=1s"
        })
public @interface ProxyWithRealBillingTest {}
