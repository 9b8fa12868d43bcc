package dev.aggregator.proxy.chat;

import dev.aggregator.common.web.OpenAiError;
import dev.aggregator.proxy.upstream.StreamChunk;
import dev.aggregator.proxy.usage.TokenUsage;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Chat completions' own stream: each provider chunk as it came, with the model renamed to the one
 * the client asked for; the usage chunk, with {@code usage.cost} added, only to a client that
 * asked for it with {@code stream_options.include_usage}; {@code [DONE]} at the end, or an OpenAI
 * error event and no {@code [DONE]}, which OpenAI SDKs raise as an error.
 *
 * <p>A chunk that carries no usage figures goes out as the provider's own text with only the model
 * renamed in place ({@link StreamChunk#forwarded}): no parse and no serialisation for all but the
 * usage chunk, which is read to bill and rewritten to show the cost.
 */
final class ChatChunkFormat implements StreamFormat {

    private static final byte[] DATA = "data: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] EVENT_END = "\n\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DONE = "data: [DONE]\n\n".getBytes(StandardCharsets.US_ASCII);

    private final JsonMapper json;
    private final String model;
    /** {@code "model":"<the client's model>"}, spliced into chunks passed through as text. */
    private final String modelMember;

    private final boolean includeUsage;
    private final Function<TokenUsage, BigDecimal> costOf;
    private final OutputStream client;

    ChatChunkFormat(
            JsonMapper json,
            String model,
            boolean includeUsage,
            Function<TokenUsage, BigDecimal> costOf,
            OutputStream client) {
        this.json = json;
        this.model = model;
        this.modelMember = "\"model\":" + json.writeValueAsString(model);
        this.includeUsage = includeUsage;
        this.costOf = costOf;
        this.client = client;
    }

    static StreamFormat.Factory factory(JsonMapper json, String model, boolean includeUsage) {
        return (client, costOf) -> new ChatChunkFormat(json, model, includeUsage, costOf, client);
    }

    @Override
    public void chunk(StreamChunk chunk, TokenUsage reported) throws IOException {
        String asItCame = reported == null ? chunk.forwarded(modelMember, includeUsage) : null;
        byte[] event = asItCame != null ? asItCame.getBytes(StandardCharsets.UTF_8) : forClient(chunk.json(), reported);
        if (event != null) write(event);
    }

    @Override
    public void completed(TokenUsage tokens, BigDecimal cost) throws IOException {
        client.write(DONE);
        client.flush();
    }

    @Override
    public void failed(OpenAiError error) throws IOException {
        write(json.writeValueAsBytes(error));
    }

    /** The event to send for a chunk, or null to drop it (a usage chunk nobody asked for). */
    byte[] forClient(ObjectNode chunk, TokenUsage usage) {
        if (chunk.has("model")) chunk.put("model", model);
        if (chunk.has("usage")) {
            if (!includeUsage) {
                if (usage != null && !hasChoices(chunk)) return null;
                chunk.remove("usage");
            } else if (usage != null) {
                ((ObjectNode) chunk.get("usage")).put("cost", costOf.apply(usage));
            }
        }
        return json.writeValueAsBytes(chunk);
    }

    private void write(byte[] data) throws IOException {
        client.write(DATA);
        client.write(data);
        client.write(EVENT_END);
        client.flush();
    }

    private static boolean hasChoices(JsonNode chunk) {
        return chunk.path("choices").isArray() && !chunk.path("choices").isEmpty();
    }
}
