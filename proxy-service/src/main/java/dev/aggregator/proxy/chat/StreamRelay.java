package dev.aggregator.proxy.chat;

import dev.aggregator.common.web.OpenAiError;
import dev.aggregator.proxy.upstream.ChunkStream;
import dev.aggregator.proxy.usage.TokenEstimates;
import dev.aggregator.proxy.usage.TokenUsage;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
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
 * to a client that asked for it with {@code stream_options.include_usage}.
 *
 * <p>{@link #relay} stops before the stream's last event: the caller first makes the final usage
 * durable, then {@link #finish}es the stream with {@code [DONE]}, or, for a stream that broke, with
 * an OpenAI error event and no {@code [DONE]}, which OpenAI SDKs raise as an error. While relaying,
 * it hands the usage so far to a {@link Checkpoints} every interval.
 */
final class StreamRelay {

    private static final Logger log = LoggerFactory.getLogger(StreamRelay.class);

    private static final byte[] DATA = "data: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] EVENT_END = "\n\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DONE = "data: [DONE]\n\n".getBytes(StandardCharsets.US_ASCII);

    /** How a stream ended, and how its usage event describes that. */
    enum End {
        /** The provider finished; the client gets {@code [DONE]}. */
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
    record Outcome(End end, TokenUsage reported, long characters, Long firstContentNanos) {

        /** The provider's counts, else the prompt estimate and the characters relayed. */
        TokenUsage tokens(long estimatedPromptTokens) {
            return reported != null
                    ? reported
                    : new TokenUsage(estimatedPromptTokens, TokenEstimates.ofCharacters(characters));
        }
    }

    /** Receives the usage of a running stream every {@code interval}. */
    interface Checkpoints {

        Checkpoints NONE = new Checkpoints() {
            @Override
            public Duration interval() {
                return Duration.ofDays(365);
            }

            @Override
            public void record(Outcome soFar) {}
        };

        Duration interval();

        /** @param soFar the stream's figures so far; its {@code end} is meaningless */
        void record(Outcome soFar);
    }

    private final JsonMapper json;
    private final String model;
    private final boolean includeUsage;
    private final Function<TokenUsage, BigDecimal> costOf;
    private final Checkpoints checkpoints;

    private TokenUsage reported;
    private long characters;
    private Long firstContent;

    StreamRelay(JsonMapper json, String model, boolean includeUsage, Function<TokenUsage, BigDecimal> costOf) {
        this(json, model, includeUsage, costOf, Checkpoints.NONE);
    }

    StreamRelay(
            JsonMapper json,
            String model,
            boolean includeUsage,
            Function<TokenUsage, BigDecimal> costOf,
            Checkpoints checkpoints) {
        this.json = json;
        this.model = model;
        this.includeUsage = includeUsage;
        this.costOf = costOf;
        this.checkpoints = checkpoints;
    }

    /** Relays every chunk but the terminal event; see {@link #finish}. */
    Outcome relay(ChunkStream upstream, OutputStream client) {
        long intervalNanos = checkpoints.interval().toNanos();
        long nextCheckpoint = System.nanoTime() + intervalNanos;
        boolean finished = false;
        while (true) {
            ObjectNode chunk;
            try {
                chunk = upstream.next();
            } catch (IOException e) {
                // The container interrupts this thread when the client hangs up; a read then fails.
                if (Thread.currentThread().isInterrupted()) return outcome(End.CLIENT_GONE);
                log.warn("Upstream stream broke: {}", e.getClass().getSimpleName());
                return outcome(End.UPSTREAM_FAILED);
            }
            if (chunk == null) break;
            TokenUsage usage = CompletionUsage.reported(chunk.get("usage"));
            if (usage != null) reported = usage;
            long produced = CompletionUsage.generatedCharacters(chunk.path("choices"), "delta");
            characters += produced;
            finished |= hasFinishReason(chunk);
            byte[] event = forClient(chunk, usage);
            if (event != null) {
                try {
                    write(client, event);
                } catch (IOException e) {
                    return outcome(End.CLIENT_GONE);
                }
                if (produced > 0 && firstContent == null) firstContent = System.nanoTime();
            }
            long now = System.nanoTime();
            if (now - nextCheckpoint >= 0) {
                checkpoints.record(outcome(End.COMPLETED));
                nextCheckpoint = now + intervalNanos;
            }
        }
        // Ended without a finish reason or usage: the provider died mid-answer.
        return outcome(!finished && reported == null ? End.UPSTREAM_FAILED : End.COMPLETED);
    }

    /**
     * Writes the stream's last event, once its usage is durable: {@code [DONE]} after a complete
     * answer, an error event after a broken one, nothing to a client that is gone.
     */
    void finish(End end, OutputStream client) {
        try {
            switch (end) {
                case COMPLETED -> {
                    client.write(DONE);
                    client.flush();
                }
                case UPSTREAM_FAILED ->
                    fail(
                            client,
                            OpenAiError.of(
                                    "The provider's stream was interrupted before the answer was complete.",
                                    "upstream_error",
                                    null,
                                    "upstream_error"));
                case CLIENT_GONE -> {}
            }
        } catch (IOException e) {
            log.debug("Client went away before the end of its stream");
        }
    }

    /** Ends a started stream with an error event instead of {@code [DONE]}. */
    void fail(OutputStream client, OpenAiError error) throws IOException {
        write(client, json.writeValueAsBytes(error));
    }

    /** The figures relayed so far, ended as given: for a relay that failed unexpectedly. */
    Outcome soFar(End end) {
        return outcome(end);
    }

    private Outcome outcome(End end) {
        return new Outcome(end, reported, characters, firstContent);
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
