package dev.aggregator.proxy.upstream;

import dev.aggregator.proxy.routing.Candidate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;
import tools.jackson.databind.node.ObjectNode;

/**
 * Anthropic's Messages API ({@code POST {base_url}/messages}), translated to and from OpenAI's
 * chat format so that clients and billing see no difference. Anthropic has no embeddings API.
 */
@Component
class AnthropicAdapter implements ProviderAdapter {

    static final String VERSION = "2023-06-01";

    private final UpstreamHttp http;
    private final AnthropicTranslation translation;

    AnthropicAdapter(UpstreamHttp http) {
        this.http = http;
        this.translation = new AnthropicTranslation(http.json());
    }

    @Override
    public Set<String> providerTypes() {
        return Set.of("anthropic");
    }

    @Override
    public ObjectNode complete(Candidate candidate, ObjectNode request, long maxTokens) {
        var body = translation.request(request, candidate.providerModel(), maxTokens, false);
        ObjectNode message = http.readObject(http.post(candidate.url("/messages"), headers(candidate), body, false));
        if (!"message".equals(message.path("type").asString())) {
            throw UpstreamFailure.badResponse("an answer that is not a message");
        }
        return translation.completion(message, candidate.providerModel(), AnthropicTranslation.responseTool(request));
    }

    @Override
    public ChunkStream stream(Candidate candidate, ObjectNode request, long maxTokens) {
        var body = translation.request(request, candidate.providerModel(), maxTokens, true);
        var upstream = http.post(candidate.url("/messages"), headers(candidate), body, true);
        return new AnthropicChunkStream(
                        upstream,
                        http.json(),
                        candidate.providerModel(),
                        AnthropicTranslation.responseTool(request),
                        http.firstEventWait(),
                        http.idleWait())
                .started();
    }

    @Override
    public boolean supportsEmbeddings() {
        return false;
    }

    @Override
    public ObjectNode embed(Candidate candidate, ObjectNode request) {
        throw new UnsupportedOperationException("Anthropic has no embeddings API");
    }

    private static Map<String, String> headers(Candidate candidate) {
        var headers = new LinkedHashMap<String, String>();
        headers.put("anthropic-version", VERSION);
        if (candidate.hasApiKey()) headers.put("x-api-key", candidate.apiKey());
        return headers;
    }
}
