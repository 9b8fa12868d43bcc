package dev.aggregator.orchestrator.config;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The service's OpenAPI description at {@code /v3/api-docs}. */
@Configuration(proxyBeanMethods = false)
class OpenApiConfig {

    @Bean
    OpenAPI orchestratorOpenApi() {
        return new OpenAPI()
                .info(new Info()
                        .title("Provider orchestrator")
                        .version("v1")
                        .description("Providers, models, prices and company preferences; route plans for the proxy."));
    }
}
