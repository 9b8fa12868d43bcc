package dev.aggregator.common.web.limits;

import dev.aggregator.common.config.CommonAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;

/**
 * Body limits in every servlet service, so that a service reached without the gateway in front of
 * it reads no more than the gateway would let through.
 */
@AutoConfiguration(after = CommonAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@EnableConfigurationProperties(BodyLimitProperties.class)
public class BodyLimitAutoConfiguration {

    /** Right after the request id (so the 413 carries it), before anything else looks at the request. */
    @Bean
    FilterRegistrationBean<BodyLimitFilter> bodyLimitFilter(BodyLimitProperties limits) {
        var registration = new FilterRegistrationBean<>(new BodyLimitFilter(limits));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 5);
        return registration;
    }
}
