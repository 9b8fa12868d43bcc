package dev.aggregator.proxy.upstream;

import dev.aggregator.proxy.config.ProxyProperties;
import dev.aggregator.proxy.testsupport.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;

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

    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private Upstreams() {}

    static OpenAiWireAdapter openAiWire() {
        return new OpenAiWireAdapter(new UpstreamHttp(CLIENT, Json.MAPPER, PROPERTIES));
    }
}
