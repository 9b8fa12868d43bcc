package dev.aggregator.common.config;

import dev.aggregator.common.identity.IdentityArgumentResolver;
import dev.aggregator.common.identity.InternalAuthProperties;
import dev.aggregator.common.identity.InternalIdentityFilter;
import dev.aggregator.common.identity.InternalTokens;
import dev.aggregator.common.tracing.SpanTagsFilter;
import dev.aggregator.common.tracing.TraceContexts;
import dev.aggregator.common.tracing.TracingAutoConfiguration;
import dev.aggregator.common.web.HealthController;
import dev.aggregator.common.web.ProblemDetailsAdvice;
import dev.aggregator.common.web.RequestIdFilter;
import java.util.List;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** The servlet side of the shared conventions: request ids, internal identity, problems, health. */
@AutoConfiguration(after = {CommonAutoConfiguration.class, TracingAutoConfiguration.class})
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
public class ServletWebAutoConfiguration {

    @Bean
    FilterRegistrationBean<RequestIdFilter> requestIdFilter() {
        var registration = new FilterRegistrationBean<>(new RequestIdFilter());
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }

    @Bean
    FilterRegistrationBean<InternalIdentityFilter> internalIdentityFilter(
            InternalTokens tokens, InternalAuthProperties properties) {
        var registration = new FilterRegistrationBean<>(new InternalIdentityFilter(tokens, properties.publicPaths()));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        return registration;
    }

    /** Only while tracing is on: request id and company on the server span. */
    @Bean
    @ConditionalOnBooleanProperty("aggregator.tracing.enabled")
    FilterRegistrationBean<SpanTagsFilter> spanTagsFilter(TraceContexts traces) {
        var registration = new FilterRegistrationBean<>(new SpanTagsFilter(traces));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 11);
        return registration;
    }

    @Bean
    WebMvcConfigurer identityArgumentResolverConfigurer() {
        return new WebMvcConfigurer() {
            @Override
            public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
                resolvers.add(new IdentityArgumentResolver());
            }
        };
    }

    @Bean
    ProblemDetailsAdvice problemDetailsAdvice() {
        return new ProblemDetailsAdvice();
    }

    @Bean
    HealthController healthController(HealthEndpoint healthEndpoint) {
        return new HealthController(healthEndpoint);
    }
}
