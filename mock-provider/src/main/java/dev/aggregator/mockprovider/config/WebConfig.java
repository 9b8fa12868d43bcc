package dev.aggregator.mockprovider.config;

import dev.aggregator.mockprovider.simulation.ApiKeyInterceptor;
import dev.aggregator.mockprovider.simulation.KeyUsage;
import dev.aggregator.mockprovider.simulation.MockDirectivesResolver;
import dev.aggregator.mockprovider.simulation.MockProperties;
import java.util.List;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Only the OpenAI-compatible surface is guarded; {@code /health} and actuator stay open. */
@Configuration(proxyBeanMethods = false)
class WebConfig implements WebMvcConfigurer {

    private final MockProperties properties;
    private final KeyUsage keyUsage;

    WebConfig(MockProperties properties, KeyUsage keyUsage) {
        this.properties = properties;
        this.keyUsage = keyUsage;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new ApiKeyInterceptor(properties, keyUsage)).addPathPatterns("/v1/**");
    }

    @Override
    public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
        resolvers.add(new MockDirectivesResolver());
    }
}
