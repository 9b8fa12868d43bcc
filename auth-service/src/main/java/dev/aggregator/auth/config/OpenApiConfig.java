package dev.aggregator.auth.config;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class OpenApiConfig {

    @Bean
    OpenAPI authServiceOpenApi() {
        return new OpenAPI()
                .info(new Info()
                        .title("Auth service")
                        .version("v1")
                        .description("Companies, members, sessions (RS256 access tokens, rotating refresh tokens) "
                                + "and API keys. Reached through the API gateway; `/internal/**` only from services."));
    }
}
