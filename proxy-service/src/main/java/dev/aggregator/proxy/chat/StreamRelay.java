package dev.aggregator.proxy.chat;

import dev.aggregator.common.web.OpenAiError;
import dev.aggregator.proxy.upstream.ChunkStream;
import dev.aggregator.proxy.usage.TokenUsage;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Passes a provider's chunks to the client one event at a time, each flushed as it arrives. On the
 * way it renames the model to the one the client asked for, watches the usage the provider
 * reports (we always ask for it), and forwards the usage chunk, with {@code usage.cost} added, only
 * to a client that asked for it with {@code stream_options.include_usage}. A stream that breaks
 * ends with an OpenAI error event and no {@code [DONE]}, which OpenAI SDKs raise as an error.
 */
final class StreamRelay {

    private static final Logger log = LoggerFactory.getLogger(StreamRelay.class);

    private static final byte[] DATA = "data: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] EVENT_END = "\n\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DONE = "data: [DONE]\n\n".getBytes(StandardCharsets.US_ASCII);

    /** How a stream ended, and how its usage event describes that. */
    enum End {
        /** The provider finished and the client got {@code [DONE]}. */
        COMPLETED(200, null),
        /** The provider's stream broke, went silent or carried an error. */
        UPSTREAM_FAILED(502, "upstream_stream_interrupted"),
        /** The client went away (nginx's 499); the provider's stream was cancelled. */
        CLIENT_GONE(499, "client_disconnected");

        final int httpStatus;
        final String errorCode;

        End(int httpStatus, String errorCode) {
            this.httpStatus = httpStatus;
            this.errorCode = errorCode;
        }
    }

    /**
     * @param reported the provider's usage, null if it never sent any
     * @param characters generated characters forwarded, to estimate completion tokens without usage
     * @param firstContentNanos {@link System#nanoTime()} when the first content reached the client
     */
    record Outcome(End end, TokenUsage reported, long characters, Long firstContentNanos) {}

    private final JsonMapper json;
    private final String model;
    private final boolean includeUsage;
    private final Function<TokenUsage, BigDecimal> costOf;

    StreamRelay(JsonMapper json, String model, boolean includeUsage, Function<TokenUsage, BigDecimal> costOf) {
        this.json = json;
        this.model = model;
        this.includeUsage = includeUsage;
        this.costOf = costOf;
    }

    Outcome relay(ChunkStream upstream, OutputStream client) {
        TokenUsage reported = null;
        long characters = 0;
        Long firstContent = null;
        boolean finished = false;
        while (true) {
            ObjectNode chunk;
            try {
                chunk = upstream.next();
            } catch (IOException e) {
                log.warn("Upstream stream broke: {}", e.getClass().getSimpleName());
                return failed(client, reported, characters, firstContent);
            }
            if (chunk == null) break;
            TokenUsage usage = CompletionUsage.reported(chunk.get("usage"));
            if (usage != null) reported = usage;
            long produced = CompletionUsage.generatedCharacters(chunk.path("choices"), "delta");
            characters += produced;
            finished |= hasFinishReason(chunk);
            byte[] event = forClient(chunk, usage);
            if (event == null) continue;
            try {
                write(client, event);
            } catch (IOException e) {
                return new Outcome(End.CLIENT_GONE, reported, characters, firstContent);
            }
            if (produced > 0 && firstContent == null) firstContent = System.nanoTime();
        }
        if (!finished && reported == null) {
            // Ended without a finish reason or usage: the provider died mid-answer.
            return failed(client, null, characters, firstContent);
        }
        try {
            client.write(DONE);
            client.flush();
        } catch (IOException e) {
            return new Outcome(End.CLIENT_GONE, reported, characters, firstContent);
        }
        return new Outcome(End.COMPLETED, reported, characters, firstContent);
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

    private Outcome failed(OutputStream client, TokenUsage reported, long characters, Long firstContent) {
        try {
            var error = OpenAiError.of(
                    "The provider's stream was interrupted before the answer was complete.",
                    "upstream_error",
                    null,
                    "upstream_error");
            write(client, json.writeValueAsBytes(error));
        } catch (IOException e) {
            return new Outcome(End.CLIENT_GONE, reported, characters, firstContent);
        }
        return new Outcome(End.UPSTREAM_FAILED, reported, characters, firstContent);
    }

    private static void write(OutputStream client, byte[] data) throws IOException {
        client.write(DATA);
        client.write(data);
        client.write(EVENT_END);
        client.flush();
    }

    private static boolean hasChoices(JsonNode chunk) {
        return chunk.path("choices").isArray() && !chunk.path("choices").isEmpty();
    }

    private static boolean hasFinishReason(JsonNode chunk) {
        for (JsonNode choice : chunk.path("choices")) {
            JsonNode reason = choice.get("finish_reason");
            if (reason != null && reason.isString()) return true;
        }
        return false;
    }
}
