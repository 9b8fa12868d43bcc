package dev.aggregator.mockprovider;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A real HTTP client against the running server, as the proxy and benchmarks use it. */
final class MockProviderClient {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    /** One client for every test: each owns a selector thread, and tests create many instances. */
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(TIMEOUT)
            .build();

    private final JsonMapper json = JsonMapper.shared();
    private final String baseUrl;

    MockProviderClient(int port) {
        this.baseUrl = "http://localhost:" + port;
    }

    Answer post(String path, String body, String... headers) {
        return send(request(path, headers)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build());
    }

    Answer get(String path, String... headers) {
        return send(request(path, headers).GET().build());
    }

    /** The body as lines, read while the server is still writing. */
    HttpResponse<Stream<String>> postStreaming(String path, String body, String... headers) {
        HttpRequest request = request(path, headers)
                .header("Content-Type", "application/json")
                .header("Accept", "text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofLines());
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    JsonNode parse(String text) {
        return json.readTree(text);
    }

    private HttpRequest.Builder request(String path, String... headers) {
        HttpRequest.Builder builder =
                HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(TIMEOUT);
        if (headers.length > 0) {
            builder.headers(headers);
        }
        return builder;
    }

    private Answer send(HttpRequest request) {
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            return new Answer(response, response.body().isEmpty() ? null : json.readTree(response.body()));
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    record Answer(HttpResponse<String> response, JsonNode body) {

        int status() {
            return response.statusCode();
        }

        String header(String name) {
            return response.headers().firstValue(name).orElse(null);
        }
    }
}
