package dev.aggregator.gateway.support;

import io.netty.handler.codec.http.HttpHeaders;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import tools.jackson.databind.json.JsonMapper;

/**
 * Plays the five services behind the gateway, each on its own port, plus auth-service's two
 * internal endpoints. Every service answers {@code {"service", "method", "path"}} and records the
 * request under its {@code x-request-id}, so a test can see exactly what the gateway forwarded.
 *
 * <p>Special requests: header {@code X-Test-Stream: <id>} streams server-sent events from a sink
 * the test opened with {@link #openStream}; {@code X-Test-Disconnect} drops the connection
 * without answering.
 */
public final class StubServices {

    public static final List<String> NAMES =
            List.of("auth", "orchestrator", "proxy", "billing", "analytics", "console");

    /** What a service received. Header names are case-insensitive. */
    public record Received(String service, String method, String path, HttpHeaders headers) {}

    private record KeyAnswer(String json, Duration delay) {}

    private static final JsonMapper JSON = JsonMapper.shared();

    private final Map<String, DisposableServer> servers = new LinkedHashMap<>();
    private final Map<String, Received> received = new ConcurrentHashMap<>();
    private final Map<String, KeyAnswer> apiKeys = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> verifyCalls = new ConcurrentHashMap<>();
    private final Map<String, Sinks.Many<String>> streams = new ConcurrentHashMap<>();
    private final AtomicReference<String> jwks = new AtomicReference<>("{\"keys\":[]}");
    private final Map<String, Boolean> failingKeys = new ConcurrentHashMap<>();
    private volatile boolean jwksFailing;
    private final AtomicReference<String> lastInternalIdentity = new AtomicReference<>();

    private StubServices() {}

    public static StubServices start() {
        var stubs = new StubServices();
        for (String name : NAMES) {
            stubs.servers.put(
                    name,
                    HttpServer.create()
                            .host("127.0.0.1")
                            .port(0)
                            .handle((request, response) -> stubs.handle(name, request, response))
                            .bindNow());
        }
        return stubs;
    }

    public Map<String, String> urls() {
        var urls = new LinkedHashMap<String, String>();
        servers.forEach((name, server) -> urls.put(name, "http://127.0.0.1:" + server.port()));
        return urls;
    }

    /** What a service received for the request with this id, if the gateway forwarded it. */
    public Optional<Received> received(String requestId) {
        return Optional.ofNullable(received.get(requestId));
    }

    public void publishJwks(String json) {
        jwks.set(json);
    }

    /** auth-service answers 200 with this grant (a JSON object) for the key, after a delay. */
    public void acceptApiKey(String key, String grantJson, Duration delay) {
        apiKeys.put(key, new KeyAnswer(grantJson, delay));
    }

    /** auth-service answers 404 for the key from now on: unknown, revoked or expired. */
    public void forgetApiKey(String key) {
        apiKeys.remove(key);
    }

    /** auth-service answers 500 for the key: it cannot say whether the key is good. */
    public void failApiKey(String key) {
        failingKeys.put(key, true);
    }

    /** Whether auth-service answers 500 for the JWK set. */
    public void failJwks(boolean failing) {
        jwksFailing = failing;
    }

    public int verifyCalls(String key) {
        var calls = verifyCalls.get(key);
        return calls == null ? 0 : calls.get();
    }

    /** The identity header of the last call to an internal endpoint. */
    public String lastInternalIdentity() {
        return lastInternalIdentity.get();
    }

    /** A stream the test writes to; events written before the request arrives are buffered. */
    public Sinks.Many<String> openStream(String id) {
        return streams.computeIfAbsent(id, ignored -> Sinks.many().unicast().onBackpressureBuffer());
    }

    private Publisher<Void> handle(String service, HttpServerRequest request, HttpServerResponse response) {
        String path = request.fullPath();
        if (path.startsWith("/internal/")) {
            lastInternalIdentity.set(request.requestHeaders().get("X-Aggregator-Identity"));
        }
        if (service.equals("auth") && path.equals("/internal/jwks")) {
            return jwksFailing ? response.status(500).send() : json(response, 200, jwks.get());
        }
        if (service.equals("auth") && path.equals("/internal/api-keys/verify")) {
            return request.receive().aggregate().asString().flatMap(body -> verify(body, response));
        }
        var headers = request.requestHeaders();
        String requestId = headers.get("X-Request-Id");
        if (requestId != null) {
            received.put(requestId, new Received(service, request.method().name(), path, headers.copy()));
        }
        if (headers.contains("X-Test-Disconnect")) {
            return request.receive().then(Mono.fromRunnable(() -> response.withConnection(c -> c.dispose())));
        }
        String streamId = headers.get("X-Test-Stream");
        if (streamId != null) {
            return response.header("Content-Type", "text/event-stream")
                    .sendString(openStream(streamId).asFlux());
        }
        // Like every service (common-lib's RequestIdFilter), echo the request id.
        if (requestId != null) response.header("X-Request-Id", requestId);
        return request.receive()
                .then()
                .then(Mono.defer(() -> Mono.from(json(
                        response,
                        200,
                        JSON.writeValueAsString(Map.of(
                                "service", service, "method", request.method().name(), "path", path))))));
    }

    private Mono<Void> verify(String body, HttpServerResponse response) {
        String key = String.valueOf(JSON.readValue(body, Map.class).get("key"));
        verifyCalls.computeIfAbsent(key, ignored -> new AtomicInteger()).incrementAndGet();
        if (failingKeys.containsKey(key)) return Mono.from(response.status(500).send());
        var answer = apiKeys.get(key);
        if (answer == null) return Mono.from(response.status(404).send());
        return Mono.delay(answer.delay()).then(Mono.from(json(response, 200, answer.json())));
    }

    private static Publisher<Void> json(HttpServerResponse response, int status, String body) {
        return response.status(status)
                .header("Content-Type", "application/json")
                .sendString(Mono.just(body));
    }
}
