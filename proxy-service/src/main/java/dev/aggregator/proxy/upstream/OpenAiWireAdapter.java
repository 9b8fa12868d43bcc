package dev.aggregator.proxy.upstream;

import dev.aggregator.proxy.routing.Candidate;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;
import tools.jackson.databind.node.ObjectNode;

/**
 * OpenAI's wire format, also spoken by OpenRouter and every "OpenAI-compatible" server: the
 * client's body goes through unchanged except for the model name and our {@code provider}
 * extension. Streams always ask for the usage chunk, which is what the request is billed from.
 */
@Component
class OpenAiWireAdapter implements ProviderAdapter {

    private final UpstreamHttp http;

    OpenAiWireAdapter(UpstreamHttp http) {
        this.http = http;
    }

    @Override
    public Set<String> providerTypes() {
        return Set.of("openai", "openrouter", "openai_compatible");
    }

    @Override
    public ObjectNode complete(Candidate candidate, ObjectNode request, long maxTokens) {
        return http.readObject(http.post(
                candidate.url("/chat/completions"), headers(candidate), forwarded(candidate, request), false));
    }

    @Override
    public ChunkStream stream(Candidate candidate, ObjectNode request, long maxTokens) {
        var body = forwarded(candidate, request);
        body.put("stream", true);
        var options = body.path("stream_options").isObject()
                ? (ObjectNode) body.get("stream_options")
                : body.putObject("stream_options");
        options.put("include_usage", true);
        var upstream = http.post(candidate.url("/chat/completions"), headers(candidate), body, true);
        return new OpenAiChunkStream(upstream, http.json(), http.firstEventWait(), http.idleWait()).started();
    }

    @Override
    public boolean supportsEmbeddings() {
        return true;
    }

    @Override
    public ObjectNode embed(Candidate candidate, ObjectNode request) {
        return http.readObject(
                http.post(candidate.url("/embeddings"), headers(candidate), forwarded(candidate, request), false));
    }

    /** A copy: each candidate gets the client's body afresh. */
    private static ObjectNode forwarded(Candidate candidate, ObjectNode request) {
        var body = request.deepCopy();
        body.put("model", candidate.providerModel());
        body.remove("provider");
        return body;
    }

    private static Map<String, String> headers(Candidate candidate) {
        return candidate.hasApiKey() ? Map.of("Authorization", "Bearer " + candidate.apiKey()) : Map.of();
    }
}
