package dev.aggregator.common.config;

import dev.aggregator.common.identity.Identity;
import org.springdoc.core.customizers.ServerBaseUrlCustomizer;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;

/**
 * The verified {@link Identity} a controller receives comes from the gateway, not from the client,
 * so it must not show up as a request parameter in the published OpenAPI description.
 *
 * <p>Every description names the gateway's public address as its server, never the service's own
 * port: clients (and Swagger UI's "Try it out") reach a service only through the gateway.
 */
@AutoConfiguration
@ConditionalOnClass(SpringDocUtils.class)
public class OpenApiAutoConfiguration {

    static {
        SpringDocUtils.getConfig().addRequestWrapperToIgnore(Identity.class);
    }

    @Bean
    ServerBaseUrlCustomizer publicServerBaseUrl(@Value("${aggregator.public-base-url}") String publicBaseUrl) {
        var url = publicBaseUrl.endsWith("/") ? publicBaseUrl.substring(0, publicBaseUrl.length() - 1) : publicBaseUrl;
        return (computed, request) -> url;
    }
}
