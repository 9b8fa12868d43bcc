package dev.aggregator.proxy.upstream;

import dev.aggregator.proxy.config.ProxyProperties;
import dev.aggregator.proxy.testsupport.Json;
import java.net.URI;
import java.time.Duration;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;

/** The upstream side wired by hand, as the Spring configuration wires it, for tests without a context. */
final class Upstreams {

    static final ProxyProperties PROPERTIES = new ProxyProperties(
            URI.create("http://127.0.0.1:1"),
            URI.create("http://127.0.0.1:1"),
            Duration.ofSeconds(5),
            Duration.ofSeconds(5),
            Duration.ofSeconds(30),
            Duration.ofSeconds(30),
            Duration.ofSeconds(60),
            4096);

    static final CloseableHttpClient CLIENT = UpstreamClient.create(PROPERTIES);

    private Upstreams() {}

    static OpenAiWireAdapter openAiWire() {
        return new OpenAiWireAdapter(http());
    }

    static UpstreamHttp http() {
        return new UpstreamHttp(CLIENT, Json.MAPPER, PROPERTIES);
    }
}
