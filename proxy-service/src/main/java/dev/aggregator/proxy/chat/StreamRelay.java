package dev.aggregator.proxy.chat;

import dev.aggregator.common.web.OpenAiError;
import dev.aggregator.proxy.upstream.ChunkStream;
import dev.aggregator.proxy.upstream.StreamChunk;
import dev.aggregator.proxy.usage.GeneratedTokens;
import dev.aggregator.proxy.usage.TokenUsage;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * Passes a provider's chunks to the client one event at a time, each flushed as it arrives, in the
 * client's {@link StreamFormat} (chat chunks, or the Responses API's events). On the way it
 * watches the usage the provider reports (we always ask for it) and keeps the text generated, which
 * is tokenized only if that usage never comes. Chunks are read as objects only as far as needed:
 * the first content (for the time to first token), the finishing and usage chunks, and the rest
 * only for a stream whose usage never comes; the others pass through as the provider wrote them.
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

    /**
     * Chunks relayed as they came after the first content, whose text is read only when it has to
     * be counted: at a checkpoint or the end of a stream whose usage never came.
     */
    private final List<StreamChunk> uncounted = new ArrayList<>();

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
            StreamChunk chunk;
            TokenUsage usage;
            try {
                chunk = upstream.nextChunk();
                if (chunk == null) break;
                usage = chunk.mayCarryUsage()
                        ? CompletionUsage.reported(chunk.json().get("usage"))
                        : null;
                if (usage != null) {
                    reported = usage;
                    uncounted.clear(); // the provider's count replaces ours
                }
                finished |= chunk.finishes();
                if (firstContent == null) {
                    if (countText(chunk) > 0) firstContent = System.nanoTime();
                } else if (reported == null) {
                    uncounted.add(chunk); // read only if the provider never reports the usage
                }
            } catch (IOException e) {
                // The container interrupts this thread when the client hangs up; a read then fails.
                if (Thread.currentThread().isInterrupted()) return outcome(End.CLIENT_GONE);
                log.warn("Upstream stream broke: {}", e.getClass().getSimpleName());
                return outcome(End.UPSTREAM_FAILED);
            }
            try {
                format.chunk(chunk, usage);
            } catch (IOException e) {
                return outcome(End.CLIENT_GONE);
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
        long tokens = 0;
        if (reported == null) {
            for (StreamChunk chunk : uncounted) countText(chunk);
            uncounted.clear();
            tokens = generated.tokens();
        }
        return new Outcome(end, reported, generated.characters(), tokens, firstContent);
    }

    /** Adds a chunk's generated text to the count; 0 for a chunk whose text cannot be read. */
    private long countText(StreamChunk chunk) {
        try {
            return CompletionUsage.generatedText(chunk.json().path("choices"), "delta", generated);
        } catch (IOException e) {
            return 0; // relayed as it came; a provider's malformed chunk carries nothing to count
        }
    }
}
