package dev.aggregator.proxy.testsupport;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;

/**
 * The context of the tests whose requests are priced: {@link ProxyServiceTest}'s, but admitted
 * against real leases from the real billing-service ({@link RealBilling}; {@link RealBilling.Address}
 * puts its address in place of the unreachable one), served by the real mock-provider. The test
 * classes add no properties of their own, so that all of them share one context. The reaper runs
 * every second here, so that a lease another context's reaper (whose billing is unreachable)
 * happened to claim is retried promptly.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(RealBilling.class)
@ProxyServiceTest
@Import(RealBilling.Address.class)
@TestPropertySource(
        properties = {"aggregator.proxy.lease.reaper-interval=1s", "aggregator.proxy.lease.close-retry-after=1s"})
public @interface ProxyWithRealBillingTest {}
