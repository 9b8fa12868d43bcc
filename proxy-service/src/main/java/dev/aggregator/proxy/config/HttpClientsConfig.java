package dev.aggregator.proxy.config;

import dev.aggregator.common.identity.ServiceTokens;
import dev.aggregator.common.tracing.TraceContexts;
import io.micrometer.observation.ObservationRegistry;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.HttpComponentsClientHttpRequestFactory;
import org.springframework.http.converter.json.JacksonJsonHttpMessageConverter;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * The connection pool towards our own peers (the one towards the providers is {@code
 * upstream.UpstreamClient}). An Apache HttpClient 5 classic client: a call runs on the calling
 * virtual thread, body written and answer read there, with kept-alive connections reused so the
 * hot path pays no handshake per request.
 */
@Configuration(proxyBeanMethods = false)
class HttpClientsConfig {

    /** Orchestrator and billing are one host each; this bounds the requests waiting on either. */
    private static final int MAX_PER_PEER = 500;

    @Bean
    @Qualifier("internal")
    CloseableHttpClient internalHttpClient(ProxyProperties properties) {
        var connections = PoolingHttpClientConnectionManagerBuilder.create()
                .setMaxConnPerRoute(MAX_PER_PEER)
                .setMaxConnTotal(2 * MAX_PER_PEER)
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(Timeout.of(properties.connectTimeout()))
                        .setSocketTimeout(Timeout.of(properties.internalReadTimeout()))
                        .setValidateAfterInactivity(TimeValue.ofSeconds(2))
                        .build())
                .build();
        return HttpClients.custom()
                .setConnectionManager(connections)
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setConnectionRequestTimeout(Timeout.of(properties.connectTimeout()))
                        .setResponseTimeout(Timeout.of(properties.internalReadTimeout()))
                        .build())
                .disableAutomaticRetries()
                .disableRedirectHandling()
                .disableCookieManagement()
                .disableAuthCaching()
                .disableConnectionState()
                .build();
    }

    @Bean
    @Qualifier("orchestrator")
    RestClient orchestratorClient(
            @Qualifier("internal") CloseableHttpClient http,
            ProxyProperties properties,
            ServiceTokens serviceTokens,
            JsonMapper jsonMapper,
            TraceContexts traces,
            ObjectProvider<ObservationRegistry> observations) {
        return internalClient(http, properties, serviceTokens, jsonMapper, traces, observations)
                .baseUrl(properties.orchestratorUrl().toString())
                .build();
    }

    @Bean
    @Qualifier("billing")
    RestClient billingClient(
            @Qualifier("internal") CloseableHttpClient http,
            ProxyProperties properties,
            ServiceTokens serviceTokens,
            JsonMapper jsonMapper,
            TraceContexts traces,
            ObjectProvider<ObservationRegistry> observations) {
        return internalClient(http, properties, serviceTokens, jsonMapper, traces, observations)
                .baseUrl(properties.billingUrl().toString())
                .build();
    }

    /**
     * The platform's JSON rules (snake_case, exact decimals) and this service's identity; while
     * tracing is on, each call is observed, so its span carries the trace on to the peer.
     */
    private static RestClient.Builder internalClient(
            CloseableHttpClient http,
            ProxyProperties properties,
            ServiceTokens serviceTokens,
            JsonMapper jsonMapper,
            TraceContexts traces,
            ObjectProvider<ObservationRegistry> observations) {
        // The body is written on the calling thread: no executor, unlike the JDK client's factory.
        var requestFactory = new HttpComponentsClientHttpRequestFactory(http);
        requestFactory.setReadTimeout(properties.internalReadTimeout());
        var builder = RestClient.builder();
        ObservationRegistry registry = observations.getIfAvailable();
        if (traces.enabled() && registry != null) builder.observationRegistry(registry);
        return builder.requestFactory(requestFactory)
                .configureMessageConverters(
                        converters -> converters.withJsonConverter(new JacksonJsonHttpMessageConverter(jsonMapper)))
                .requestInterceptor(serviceTokens.interceptor());
    }
}
