package dev.aggregator.proxy.config;

import dev.aggregator.common.identity.ServiceTokens;
import java.net.http.HttpClient;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.http.converter.json.JacksonJsonHttpMessageConverter;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * Two connection pools: one towards the providers, one towards our own peers. The JDK client keeps
 * connections alive and reuses them, so the hot path pays no handshake per request.
 */
@Configuration(proxyBeanMethods = false)
class HttpClientsConfig {

    /** HTTP/1.1 on purpose: no h2c upgrade dance with plain-HTTP upstreams, and SSE works alike. */
    @Bean
    @Qualifier("upstream")
    HttpClient upstreamHttpClient(ProxyProperties properties) {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(properties.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    @Bean
    @Qualifier("internal")
    HttpClient internalHttpClient(ProxyProperties properties) {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(properties.connectTimeout())
                .build();
    }

    @Bean
    @Qualifier("orchestrator")
    RestClient orchestratorClient(
            @Qualifier("internal") HttpClient http,
            ProxyProperties properties,
            ServiceTokens serviceTokens,
            JsonMapper jsonMapper) {
        return internalClient(http, properties, serviceTokens, jsonMapper)
                .baseUrl(properties.orchestratorUrl().toString())
                .build();
    }

    @Bean
    @Qualifier("billing")
    RestClient billingClient(
            @Qualifier("internal") HttpClient http,
            ProxyProperties properties,
            ServiceTokens serviceTokens,
            JsonMapper jsonMapper) {
        return internalClient(http, properties, serviceTokens, jsonMapper)
                .baseUrl(properties.billingUrl().toString())
                .build();
    }

    /** The platform's JSON rules (snake_case, exact decimals) and this service's identity. */
    private static RestClient.Builder internalClient(
            HttpClient http, ProxyProperties properties, ServiceTokens serviceTokens, JsonMapper jsonMapper) {
        var requestFactory = new JdkClientHttpRequestFactory(http);
        requestFactory.setReadTimeout(properties.internalReadTimeout());
        return RestClient.builder()
                .requestFactory(requestFactory)
                .configureMessageConverters(
                        converters -> converters.withJsonConverter(new JacksonJsonHttpMessageConverter(jsonMapper)))
                .requestInterceptor(serviceTokens.interceptor());
    }
}
