package dev.aggregator.console.api;

import dev.aggregator.console.config.ConsoleProperties;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;
import org.springframework.web.util.UriComponentsBuilder;
import tools.jackson.core.StreamWriteFeature;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one way the console reaches the platform: HTTP calls to the public {@code /v1} API through
 * the gateway, with the caller's own bearer token (or none, for the unauthenticated routes).
 * Money arrives as {@link java.math.BigDecimal}, never as a binary float.
 */
@Component
public class GatewayApi {

    private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {};

    private final RestClient rest;
    private final URI base;
    private final JsonMapper json = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
            .build();
    private final HttpClient http;

    GatewayApi(ConsoleProperties properties) {
        this.base = properties.gatewayUrl();
        // HTTP/1.1: the JDK client's default (HTTP/2) asks a plain-http server for an h2c upgrade
        // on every new connection, which the gateway does not speak.
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(properties.connectTimeout())
                .build();
        var factory = new JdkClientHttpRequestFactory(http);
        factory.setReadTimeout(properties.readTimeout());
        this.rest = RestClient.builder().requestFactory(factory).build();
    }

    /** The gateway's address of a path with its query; blank and null query values are left out. */
    public URI uri(String path, Map<String, ?> query) {
        var uri = UriComponentsBuilder.fromUri(base).path(path);
        if (query != null) {
            query.forEach((name, value) -> {
                if (value != null && !value.toString().isBlank()) uri.queryParam(name, value);
            });
        }
        return uri.encode().build().toUri();
    }

    /**
     * A JSON call; answers the response's object (empty for 204), throws {@link ApiCallFailed} on an
     * error. A GET whose connection failed (a kept-alive connection the gateway had closed) is
     * tried once more on a new one; nothing else is repeated.
     */
    public Map<String, Object> call(HttpMethod method, URI uri, Credentials credentials, Object body) {
        try {
            return once(method, uri, credentials, body);
        } catch (GatewayUnavailable e) {
            if (!HttpMethod.GET.equals(method)) throw e;
            return once(method, uri, credentials, body);
        }
    }

    private Map<String, Object> once(HttpMethod method, URI uri, Credentials credentials, Object body) {
        try {
            var request = rest.method(method).uri(uri).headers(headers -> credentials.apply(headers));
            if (body != null) {
                request.contentType(MediaType.APPLICATION_JSON).body(json.writeValueAsBytes(body));
            }
            return request.exchange((req, response) -> {
                int status = response.getStatusCode().value();
                byte[] bytes = response.getBody().readAllBytes();
                if (status >= 400) throw failure(status, bytes);
                if (bytes.length == 0) return Map.of();
                return ApiObject.of(json.readValue(bytes, OBJECT));
            });
        } catch (ResourceAccessException e) {
            throw new GatewayUnavailable(e);
        }
    }

    /** A call answered as text (a CSV export). */
    public String text(URI uri, Credentials credentials, MediaType accept) {
        try {
            return rest.get()
                    .uri(uri)
                    .headers(headers -> {
                        credentials.apply(headers);
                        headers.setAccept(List.of(accept));
                    })
                    .exchange((req, response) -> {
                        int status = response.getStatusCode().value();
                        byte[] bytes = response.getBody().readAllBytes();
                        if (status >= 400) throw failure(status, bytes);
                        return new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
                    });
        } catch (ResourceAccessException e) {
            throw new GatewayUnavailable(e);
        }
    }

    /**
     * A streamed chat completion: the response as it arrives, for the caller to relay. Its status
     * and headers are known when this returns.
     */
    public java.net.http.HttpResponse<InputStream> stream(
            String path, Credentials credentials, Object body, java.time.Duration timeout) {
        var request = java.net.http.HttpRequest.newBuilder(uri(path, null))
                .timeout(timeout)
                .header(HttpHeaders.CONTENT_TYPE, MediaType.APPLICATION_JSON_VALUE)
                .header(HttpHeaders.ACCEPT, MediaType.TEXT_EVENT_STREAM_VALUE)
                .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body)));
        var headers = new HttpHeaders();
        credentials.apply(headers);
        headers.forEach((name, values) -> values.forEach(value -> request.header(name, value)));
        try {
            return http.send(request.build(), java.net.http.HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw new GatewayUnavailable(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GatewayUnavailable(e);
        }
    }

    /** The error an API response body describes, in either of the API's two error shapes. */
    public ApiCallFailed failure(int status, byte[] body) {
        String message = null;
        var fields = new ArrayList<String>();
        try {
            JsonNode node = json.readTree(body);
            if (node.has("error") && node.get("error").isObject()) {
                message = text(node.get("error"), "message");
            } else {
                message = text(node, "detail");
                if (message == null) message = text(node, "title");
                if (node.has("errors") && node.get("errors").isArray()) {
                    for (JsonNode error : node.get("errors")) {
                        fields.add(text(error, "field") + ": " + text(error, "message"));
                    }
                }
            }
        } catch (RuntimeException notJson) {
            // an answer that is not JSON (a proxy's error page): the status says enough
        }
        if (message == null || message.isBlank()) message = "The platform answered " + status + ".";
        return new ApiCallFailed(status, message, fields);
    }

    private static String text(JsonNode node, String field) {
        var value = node.get(field);
        return value == null || value.isNull() ? null : value.asString();
    }
}
