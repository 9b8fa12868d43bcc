package dev.aggregator.proxy.usage;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.EncodingRegistry;
import com.knuddels.jtokkit.api.EncodingType;
import java.util.function.Supplier;

/**
 * The tokens of some texts a model reads, by {@link Vocabulary}: counted with a real BPE tokenizer
 * (jtokkit) on first use, then kept. A vocabulary we do not have ({@link Vocabulary#OTHER}) counts
 * {@code 1.5 ×} the {@code cl100k_base} count (the cheaper of our two encoders, and the higher count
 * outside English), but never more than the texts' UTF-8 bytes, which no byte-level tokenizer can
 * exceed. Thread-safe: the request thread may ask during admission, the relay thread later.
 */
final class TextTokens {

    /** Other vocabularies than OpenAI's, as a multiple of the {@code cl100k_base} count. */
    static final double OTHER_VOCABULARY_MARGIN = 1.5;

    private static final EncodingRegistry ENCODINGS = Encodings.newLazyEncodingRegistry();

    private final Supplier<? extends Iterable<String>> texts;

    // Computed on first use, then kept; guarded by this.
    private long bytes = -1;
    private long o200k = -1;
    private long cl100k = -1;

    /** @param texts the texts, read again for each figure asked for the first time */
    TextTokens(Supplier<? extends Iterable<String>> texts) {
        this.texts = texts;
    }

    long count(Vocabulary vocabulary) {
        return switch (vocabulary) {
            case O200K -> o200k();
            case CL100K -> cl100k();
            case OTHER -> Math.min(bytes(), (long) Math.ceil(OTHER_VOCABULARY_MARGIN * cl100k()));
        };
    }

    synchronized long bytes() {
        if (bytes < 0) {
            long total = 0;
            for (String text : texts.get()) total += TokenEstimates.utf8Length(text);
            bytes = total;
        }
        return bytes;
    }

    private synchronized long o200k() {
        if (o200k < 0) o200k = tokenize(EncodingType.O200K_BASE);
        return o200k;
    }

    private synchronized long cl100k() {
        if (cl100k < 0) cl100k = tokenize(EncodingType.CL100K_BASE);
        return cl100k;
    }

    private long tokenize(EncodingType type) {
        var encoding = ENCODINGS.getEncoding(type);
        long tokens = 0;
        // Ordinary: "<|endoftext|>" in an input is text to the provider, not a special token.
        for (String text : texts.get()) tokens += encoding.countTokensOrdinary(text);
        return tokens;
    }
}
