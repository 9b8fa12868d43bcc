package dev.aggregator.proxy.upstream;

import dev.aggregator.proxy.config.ProxyProperties;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Flow;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.MissingNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The one way adapters talk HTTP to providers: JSON in, the open body of a 2xx answer out, and
 * every other outcome turned into an {@link UpstreamFailure}. Uses the shared, pooled JDK client.
 */
@Component
class UpstreamHttp {

    private static final int MAX_ERROR_BODY = 64 * 1024;
    private static final int MAX_BODY = 64 * 1024 * 1024;
    private static final Duration ERROR_BODY_WAIT = Duration.ofSeconds(5);

    private final HttpClient client;
    private final JsonMapper json;
    private final ProxyProperties properties;

    UpstreamHttp(@Qualifier("upstream") HttpClient client, JsonMapper json, ProxyProperties properties) {
        this.client = client;
        this.json = json;
        this.properties = properties;
    }

    JsonMapper json() {
        return json;
    }

    /** POSTs {@code body}; returns the body of a 2xx answer, still to be read. */
    UpstreamBody post(String url, Map<String, String> headers, ObjectNode body, boolean stream) {
        var request = HttpRequest.newBuilder(URI.create(url))
                .timeout(properties.upstreamTimeout())
                .header("Content-Type", "application/json")
                .header("Accept", stream ? "text/event-stream" : "application/json");
        headers.forEach(request::header);
        HttpResponse<Flow.Publisher<List<ByteBuffer>>> response;
        try {
            response = client.send(
                    request.POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body)))
                            .build(),
                    HttpResponse.BodyHandlers.ofPublisher());
        } catch (HttpTimeoutException e) {
            throw UpstreamFailure.timeout("the response headers");
        } catch (IOException e) {
            throw UpstreamFailure.connect(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw UpstreamFailure.connect(e);
        }
        var upstream = new UpstreamBody();
        response.body().subscribe(upstream);
        int status = response.statusCode();
        if (status < 200 || status > 299) throw failure(status, upstream);
        return upstream;
    }

    /**
     * Reads a whole JSON object answer within the upstream timeout. The headers said 2xx: a body
     * that then times out or breaks off is a failure {@link UpstreamFailure#answered() after the
     * provider took the request}.
     */
    ObjectNode readObject(UpstreamBody body) {
        try (body) {
            JsonNode node = json.readTree(body.readAll(properties.upstreamTimeout(), MAX_BODY));
            if (!node.isObject()) throw UpstreamFailure.badResponse("a body that is not a JSON object");
            return (ObjectNode) node;
        } catch (HttpTimeoutException e) {
            throw UpstreamFailure.bodyTimeout();
        } catch (IOException e) {
            throw UpstreamFailure.bodyBroken(e);
        } catch (JacksonException e) {
            throw UpstreamFailure.badResponse("a body that is not JSON");
        }
    }

    Duration firstEventWait() {
        return properties.upstreamTimeout();
    }

    Duration idleWait() {
        return properties.streamIdleTimeout();
    }

    private UpstreamFailure failure(int status, UpstreamBody body) {
        JsonNode error = MissingNode.getInstance();
        try (body) {
            error = json.readTree(body.readAll(ERROR_BODY_WAIT, MAX_ERROR_BODY)).path("error");
        } catch (IOException | JacksonException e) {
            // the status alone decides what happens next
        }
        return UpstreamFailure.ofStatus(status, error);
    }
}
