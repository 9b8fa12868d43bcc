package dev.aggregator.common.config;

import dev.aggregator.common.identity.Identity;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;

/**
 * The verified {@link Identity} a controller receives comes from the gateway, not from the client,
 * so it must not show up as a request parameter in the published OpenAPI description.
 */
@AutoConfiguration
@ConditionalOnClass(SpringDocUtils.class)
public class OpenApiAutoConfiguration {

    static {
        SpringDocUtils.getConfig().addRequestWrapperToIgnore(Identity.class);
    }
}
