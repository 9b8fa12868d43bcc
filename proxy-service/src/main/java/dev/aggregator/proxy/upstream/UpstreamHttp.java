package dev.aggregator.proxy.upstream;

import dev.aggregator.proxy.config.ProxyProperties;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Map;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.HttpClientConnection;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.util.Timeout;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.MissingNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The one way adapters talk HTTP to providers: JSON in, the open body of a 2xx answer out, and
 * every other outcome turned into an {@link UpstreamFailure}. Runs on the calling thread over the
 * pooled {@link UpstreamClient}: the request body is serialised straight onto the connection, and
 * the answer is read from it as it arrives.
 */
@Component
class UpstreamHttp {

    private static final int MAX_ERROR_BODY = 64 * 1024;
    private static final int MAX_BODY = 64 * 1024 * 1024;
    private static final Duration ERROR_BODY_WAIT = Duration.ofSeconds(5);

    private final CloseableHttpClient client;
    private final JsonMapper json;
    private final ProxyProperties properties;

    UpstreamHttp(@Qualifier("upstream") CloseableHttpClient client, JsonMapper json, ProxyProperties properties) {
        this.client = client;
        this.json = json;
        this.properties = properties;
    }

    JsonMapper json() {
        return json;
    }

    /** POSTs {@code body}; returns the body of a 2xx answer, still to be read. */
    UpstreamBody post(String url, Map<String, String> headers, ObjectNode body, boolean stream) {
        var request = new HttpPost(URI.create(url));
        request.setHeader("Accept", stream ? "text/event-stream" : "application/json");
        headers.forEach(request::setHeader);
        // Serialised once to bytes, so that the request carries a Content-Length: a chunked body
        // is legal HTTP/1.1, but not every OpenAI-compatible server takes one.
        request.setEntity(new ByteArrayEntity(json.writeValueAsBytes(body), ContentType.APPLICATION_JSON));
        var context = HttpClientContext.create();
        ClassicHttpResponse response;
        try {
            response = client.executeOpen(null, request, context);
        } catch (ConnectTimeoutException e) {
            throw UpstreamFailure.timeout("a connection");
        } catch (SocketTimeoutException e) {
            throw UpstreamFailure.timeout("the response headers");
        } catch (IOException e) {
            throw UpstreamFailure.connect(e);
        }
        var upstream = new UpstreamBody(new ResponseSource(
                request, response, UpstreamClient.connectionOf(context), properties.upstreamTimeout()));
        int status = response.getCode();
        if (status < 200 || status > 299) throw failure(status, upstream, retryAfter(response));
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

    /** {@code Retry-After} in seconds (the HTTP-date form is not used by AI providers); null when absent. */
    static Duration retryAfter(ClassicHttpResponse response) {
        var header = response.getFirstHeader("Retry-After");
        if (header == null) return null;
        try {
            long seconds = Long.parseLong(header.getValue().strip());
            return seconds < 0 ? null : Duration.ofSeconds(Math.min(seconds, 3600));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private UpstreamFailure failure(int status, UpstreamBody body, Duration retryAfter) {
        JsonNode error = MissingNode.getInstance();
        try (body) {
            error = json.readTree(body.readAll(ERROR_BODY_WAIT, MAX_ERROR_BODY)).path("error");
        } catch (IOException | JacksonException e) {
            // the status alone decides what happens next
        }
        return UpstreamFailure.ofStatus(status, error, retryAfter);
    }

    /**
     * A response's body on its leased connection. Each read waits as long as the connection's read
     * timeout, which is moved to the reader's wait before the read when it changed: a silent
     * provider is noticed by the socket itself, with no timer or watcher thread.
     */
    private static final class ResponseSource implements UpstreamBody.Source {

        private final HttpPost request;
        private final ClassicHttpResponse response;
        private final InputStream content;
        private final HttpClientConnection connection;
        private Duration readTimeout;

        ResponseSource(
                HttpPost request,
                ClassicHttpResponse response,
                HttpClientConnection connection,
                Duration responseTimeout) {
            this.request = request;
            this.response = response;
            this.connection = connection;
            this.readTimeout = responseTimeout;
            this.content = content(response);
        }

        private static InputStream content(ClassicHttpResponse response) {
            HttpEntity entity = response.getEntity();
            try {
                return entity == null ? InputStream.nullInputStream() : entity.getContent();
            } catch (IOException e) {
                return InputStream.nullInputStream();
            }
        }

        @Override
        public int read(byte[] into, int offset, int length, Duration wait) throws IOException {
            // Only while the body is unread: at its end the connection goes back to the pool
            // and may already serve another request.
            if (connection != null && !wait.equals(readTimeout)) {
                connection.setSocketTimeout(Timeout.of(wait));
                readTimeout = wait;
            }
            return content.read(into, offset, length);
        }

        @Override
        public void close(boolean abort) {
            // Closing an unread response would read the rest of it to keep the connection;
            // cancelling first drops the connection instead.
            if (abort) request.cancel();
            try {
                response.close();
            } catch (IOException e) {
                // the connection is gone either way
            }
        }
    }
}
