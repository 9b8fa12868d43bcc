package dev.aggregator.gateway.routing;

import dev.aggregator.gateway.config.AggregatorGatewayProperties;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.cloud.gateway.route.builder.RouteLocatorBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Which service answers which public path. {@code /internal/**} matches no route on purpose:
 * service-to-service endpoints are never reachable from outside.
 */
@Configuration(proxyBeanMethods = false)
class RoutesConfig {

    @Bean
    RouteLocator platformRoutes(RouteLocatorBuilder builder, AggregatorGatewayProperties properties) {
        var services = properties.services();
        var routes = builder.routes()
                .route("auth", r -> r.path("/v1/auth/**").uri(services.auth()))
                .route(
                        "orchestrator",
                        r -> r.path("/v1/providers/**", "/v1/models", "/v1/models/**", "/v1/preferences/**")
                                .uri(services.orchestrator()))
                .route(
                        "proxy",
                        r -> r.path("/v1/chat/completions", "/v1/responses", "/v1/embeddings")
                                .uri(services.proxy()))
                .route(
                        "billing",
                        r -> r.path("/v1/billing/**", "/v1/referrals", "/v1/referrals/**")
                                .uri(services.billing()))
                .route(
                        "analytics",
                        r -> r.path("/v1/analytics/**", "/v1/audit-logs", "/v1/audit-logs/**")
                                .uri(services.analytics()))
                // The web console: its pages and assets only (ConsolePaths), never /v1 or the docs.
                .route(
                        "console",
                        r -> r.path(ConsolePaths.patterns().toArray(String[]::new))
                                .uri(properties.consoleUrl()));
        // Each service's OpenAPI document, for the gateway's Swagger UI (springdoc.swagger-ui.urls).
        services.byName()
                .forEach((name, uri) -> routes.route(
                        name + "-api-docs",
                        r -> r.path("/v3/api-docs/" + name)
                                .filters(f -> f.setPath("/v3/api-docs"))
                                .uri(uri)));
        return routes.build();
    }
}
