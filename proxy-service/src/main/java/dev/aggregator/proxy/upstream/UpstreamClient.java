package dev.aggregator.proxy.upstream;

import dev.aggregator.proxy.config.ProxyProperties;
import java.io.IOException;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.impl.io.HttpRequestExecutor;
import org.apache.hc.core5.http.io.HttpClientConnection;
import org.apache.hc.core5.http.io.HttpResponseInformationCallback;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.apache.hc.core5.pool.PoolConcurrencyPolicy;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The pooled client towards the providers: Apache HttpClient 5 classic, so that a request runs on
 * the calling (virtual) thread from the first byte written to the last byte read, with no selector
 * thread, executor or hand-off in between. HTTP/1.1 only (no h2c upgrade dance with plain-HTTP
 * upstreams, and SSE works alike); no redirects, retries, cookies, auth state or compression (a
 * gzipped event stream would be buffered). The connect timeout bounds opening a connection; the
 * response timeout is {@link ProxyProperties#upstreamTimeout()}, the wait for the response headers;
 * {@link UpstreamHttp} then moves the socket's read timeout to each phase of the body.
 */
@Configuration(proxyBeanMethods = false)
class UpstreamClient {

    /** Room for about 2,000 concurrent streams to one provider; a few providers in all. */
    static final int MAX_PER_PROVIDER = 2_000;

    static final int MAX_TOTAL = 4_000;

    private static final String CONNECTION = UpstreamClient.class.getName() + ".connection";

    /** Declared here rather than in {@code config/}: only this package may talk to providers. */
    @Bean
    @Qualifier("upstream")
    CloseableHttpClient upstreamHttpClient(ProxyProperties properties) {
        return create(properties);
    }

    static CloseableHttpClient create(ProxyProperties properties) {
        var connections = PoolingHttpClientConnectionManagerBuilder.create()
                .setPoolConcurrencyPolicy(PoolConcurrencyPolicy.STRICT)
                .setMaxConnPerRoute(MAX_PER_PROVIDER)
                .setMaxConnTotal(MAX_TOTAL)
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(Timeout.of(properties.connectTimeout()))
                        .setSocketTimeout(Timeout.of(properties.upstreamTimeout()))
                        // a connection idle for longer is checked before reuse: providers close idle ones
                        .setValidateAfterInactivity(TimeValue.ofSeconds(2))
                        .build())
                .build();
        return HttpClients.custom()
                .setConnectionManager(connections)
                .setDefaultRequestConfig(RequestConfig.custom()
                        // waiting for a pooled connection is bounded like opening one
                        .setConnectionRequestTimeout(Timeout.of(properties.connectTimeout()))
                        .setResponseTimeout(Timeout.of(properties.upstreamTimeout()))
                        .setRedirectsEnabled(false)
                        .build())
                .setRequestExecutor(new ConnectionRecordingExecutor())
                .disableAutomaticRetries()
                .disableRedirectHandling()
                .disableCookieManagement()
                .disableAuthCaching()
                .disableConnectionState()
                .disableContentCompression()
                .build();
    }

    /**
     * The connection a request executed on with {@code context}, while its response is open: its
     * read timeout is what bounds each wait for the body. Null for a client not made here.
     */
    static HttpClientConnection connectionOf(HttpContext context) {
        return context.getAttribute(CONNECTION) instanceof HttpClientConnection connection ? connection : null;
    }

    /**
     * Leaves the connection in the request's context: the classic client exposes neither it nor its
     * socket otherwise, and only the socket's read timeout bounds a blocking read without a timer.
     */
    private static final class ConnectionRecordingExecutor extends HttpRequestExecutor {

        @Override
        public ClassicHttpResponse execute(
                ClassicHttpRequest request,
                HttpClientConnection connection,
                HttpResponseInformationCallback informationCallback,
                HttpContext context)
                throws IOException, HttpException {
            context.setAttribute(CONNECTION, connection);
            return super.execute(request, connection, informationCallback, context);
        }
    }
}
