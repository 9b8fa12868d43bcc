package dev.aggregator.proxy.upstream;

import dev.aggregator.proxy.routing.Candidate;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;
import tools.jackson.databind.node.ObjectNode;

/**
 * OpenAI's wire format, also spoken by OpenRouter and every "OpenAI-compatible" server: the
 * client's body goes through unchanged except for the model name, our {@code provider} extension
 * and the output limit, which is always the one the request was reserved for. Streams always ask
 * for the usage chunk, which is what the request is billed from.
 */
@Component
class OpenAiWireAdapter implements ProviderAdapter {

    static final String MAX_TOKENS = "max_tokens";
    static final String MAX_COMPLETION_TOKENS = "max_completion_tokens";

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
                candidate.url("/chat/completions"), headers(candidate), chat(candidate, request, maxTokens), false));
    }

    @Override
    public ChunkStream stream(Candidate candidate, ObjectNode request, long maxTokens) {
        var body = chat(candidate, request, maxTokens);
        body.put("stream", true);
        // the client's own options object is shared with its body: a copy is changed instead
        var options = body.path("stream_options").isObject()
                ? ((ObjectNode) body.get("stream_options")).deepCopy()
                : body.objectNode();
        body.set("stream_options", options.put("include_usage", true));
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

    /**
     * The chat body with exactly {@code maxTokens} as its output limit, in each limit field the
     * client used, so that neither field can ask for more than was reserved (a server may honour
     * either). Without a client limit the provider would stop at its own, which may be more:
     * OpenAI itself gets {@code max_completion_tokens} (its reasoning models refuse
     * {@code max_tokens}), everyone else {@code max_tokens}, which every compatible server knows.
     */
    static ObjectNode chat(Candidate candidate, ObjectNode request, long maxTokens) {
        var body = forwarded(candidate, request);
        boolean maxTokensSent = body.hasNonNull(MAX_TOKENS);
        boolean maxCompletionTokensSent = body.hasNonNull(MAX_COMPLETION_TOKENS);
        body.remove(MAX_TOKENS); // explicit nulls go too
        body.remove(MAX_COMPLETION_TOKENS);
        if (!maxTokensSent && !maxCompletionTokensSent) {
            body.put("openai".equals(candidate.providerType()) ? MAX_COMPLETION_TOKENS : MAX_TOKENS, maxTokens);
        }
        if (maxTokensSent) body.put(MAX_TOKENS, maxTokens);
        if (maxCompletionTokensSent) body.put(MAX_COMPLETION_TOKENS, maxTokens);
        return body;
    }

    /**
     * A shallow copy: each candidate gets the client's body afresh. Only top-level fields are
     * replaced, so the client's messages are shared, not copied, and must never be changed here.
     */
    private static ObjectNode forwarded(Candidate candidate, ObjectNode request) {
        var body = request.objectNode().setAll(request);
        body.put("model", candidate.providerModel());
        body.remove("provider");
        return body;
    }

    private static Map<String, String> headers(Candidate candidate) {
        return candidate.hasApiKey() ? Map.of("Authorization", "Bearer " + candidate.apiKey()) : Map.of();
    }
}
