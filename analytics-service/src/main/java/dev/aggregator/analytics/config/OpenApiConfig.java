package dev.aggregator.analytics.config;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class OpenApiConfig {

    @Bean
    OpenAPI analyticsOpenApi() {
        return new OpenAPI()
                .info(new Info().title("Analytics and audit").version("v1").description("""
                                The request log, usage aggregates and provider performance of a company, \
                                and its audit log. Time parameters are ISO-8601 instants or dates \
                                (YYYY-MM-DD, UTC): a date `from` is the start of that day, a date `to` \
                                the end of it; ranges are half-open [from, to). Money is exact, in USD."""));
    }
}
