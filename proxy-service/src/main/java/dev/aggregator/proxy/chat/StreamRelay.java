package dev.aggregator.proxy.chat;

import dev.aggregator.common.web.OpenAiError;
import dev.aggregator.proxy.upstream.ChunkStream;
import dev.aggregator.proxy.usage.GeneratedTokens;
import dev.aggregator.proxy.usage.TokenUsage;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Passes a provider's chunks to the client one event at a time, each flushed as it arrives, in the
 * client's {@link StreamFormat} (chat chunks, or the Responses API's events). On the way it
 * watches the usage the provider reports (we always ask for it) and keeps the text generated, which
 * is tokenized only if that usage never comes.
 *
 * <p>{@link #relay} stops before the stream's last event: the caller first makes the final usage
 * durable, then {@link #finish}es the stream ({@code [DONE]} for chat), or, for a stream that
 * broke, ends it with an error event, which OpenAI SDKs raise as an error. While relaying, it hands
 * the usage so far to a {@link Checkpoints} every interval.
 */
final class StreamRelay {

    private static final Logger log = LoggerFactory.getLogger(StreamRelay.class);

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
     * @param characters generated characters forwarded
     * @param generatedTokens the tokens of the text forwarded, counted only without {@code reported}
     *     (else 0)
     * @param firstContentNanos {@link System#nanoTime()} when the first content reached the client
     */
    record Outcome(End end, TokenUsage reported, long characters, long generatedTokens, Long firstContentNanos) {

        /** The provider's counts, else the prompt estimate and the tokens of the text relayed. */
        TokenUsage tokens(long estimatedPromptTokens) {
            return tokens(() -> estimatedPromptTokens);
        }

        /** As {@link #tokens(long)}, the estimate asked for (and so tokenized) only without reported usage. */
        TokenUsage tokens(java.util.function.LongSupplier estimatedPromptTokens) {
            return reported != null ? reported : new TokenUsage(estimatedPromptTokens.getAsLong(), generatedTokens);
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

    private final StreamFormat format;
    private final GeneratedTokens generated;
    private final Checkpoints checkpoints;

    private TokenUsage reported;
    private Long firstContent;

    /**
     * @param providerModel the serving provider's model, whose tokenizer counts the text relayed
     *     when the provider reports no usage
     */
    StreamRelay(StreamFormat format, String providerModel, Checkpoints checkpoints) {
        this.format = format;
        this.generated = GeneratedTokens.forModel(providerModel);
        this.checkpoints = checkpoints;
    }

    /** A chat stream: {@link ChatChunkFormat} writing to {@code client}. */
    static StreamRelay chat(
            JsonMapper json,
            String model,
            boolean includeUsage,
            Function<TokenUsage, BigDecimal> costOf,
            OutputStream client,
            String providerModel,
            Checkpoints checkpoints) {
        return new StreamRelay(
                new ChatChunkFormat(json, model, includeUsage, costOf, client), providerModel, checkpoints);
    }

    /** Relays every chunk but the terminal event; see {@link #finish}. */
    Outcome relay(ChunkStream upstream) {
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
            long produced = CompletionUsage.generatedText(chunk.path("choices"), "delta", generated);
            finished |= hasFinishReason(chunk);
            try {
                format.chunk(chunk, usage);
            } catch (IOException e) {
                return outcome(End.CLIENT_GONE);
            }
            if (produced > 0 && firstContent == null) firstContent = System.nanoTime();
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
     * Writes the stream's last events, once its usage is durable: the format's end after a
     * complete answer ({@code [DONE]} for chat), an error event after a broken one, nothing to a
     * client that is gone.
     *
     * @param tokens what the request was billed for
     * @param cost what the company was charged
     */
    void finish(End end, TokenUsage tokens, BigDecimal cost) {
        try {
            switch (end) {
                case COMPLETED -> format.completed(tokens, cost);
                case UPSTREAM_FAILED ->
                    format.failed(OpenAiError.of(
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

    /** Ends a started stream with an error event instead of its normal end. */
    void fail(OpenAiError error) throws IOException {
        format.failed(error);
    }

    /** The figures relayed so far, ended as given: for a relay that failed unexpectedly. */
    Outcome soFar(End end) {
        return outcome(end);
    }

    /** Tokenizes the text relayed only when the provider's own count is missing. */
    private Outcome outcome(End end) {
        long tokens = reported == null ? generated.tokens() : 0;
        return new Outcome(end, reported, generated.characters(), tokens, firstContent);
    }

    private static boolean hasFinishReason(JsonNode chunk) {
        for (JsonNode choice : chunk.path("choices")) {
            JsonNode reason = choice.get("finish_reason");
            if (reason != null && reason.isString()) return true;
        }
        return false;
    }
}
