package dev.aggregator.common.web.clientaddress;

import dev.aggregator.common.config.CommonAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;

/** Resolves every servlet request's client address once, trusting only the configured proxies. */
@AutoConfiguration(after = CommonAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@EnableConfigurationProperties(ClientAddressProperties.class)
public class ClientAddressAutoConfiguration {

    @Bean
    FilterRegistrationBean<ClientAddresses> clientAddressFilter(ClientAddressProperties properties) {
        var registration =
                new FilterRegistrationBean<>(new ClientAddresses(TrustedProxies.of(properties.trustedProxies())));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 2);
        return registration;
    }
}
