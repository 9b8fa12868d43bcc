package dev.aggregator.proxy.chat;

import dev.aggregator.common.web.OpenAiError;
import dev.aggregator.proxy.upstream.StreamChunk;
import dev.aggregator.proxy.usage.TokenUsage;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;

/**
 * What the client of a stream sees of the provider's chat chunks: the chunks themselves, renamed,
 * for chat completions ({@link ChatChunkFormat}), or another API's events translated from them
 * (the Responses API). {@link StreamRelay} reads the provider and counts usage; a format only
 * writes. Every method writes whole events and flushes each.
 */
public interface StreamFormat {

    /**
     * Writes what the client sees of one provider chunk, possibly nothing.
     *
     * @param reported the usage this chunk carries, null if none
     */
    void chunk(StreamChunk chunk, TokenUsage reported) throws IOException;

    /**
     * The stream's last events after a complete answer, written once its usage is durable.
     *
     * @param tokens what the request was billed for
     * @param cost what the company was charged
     */
    void completed(TokenUsage tokens, BigDecimal cost) throws IOException;

    /** Ends a started stream with an error instead of its normal end. */
    void failed(OpenAiError error) throws IOException;

    /** Makes a format writing to the client's stream, once the serving provider is known. */
    @FunctionalInterface
    interface Factory {

        /**
         * @param costOf the serving provider's cost of a usage, for a format that shows it before
         *     the end
         */
        StreamFormat open(OutputStream client, java.util.function.Function<TokenUsage, BigDecimal> costOf);
    }
}
