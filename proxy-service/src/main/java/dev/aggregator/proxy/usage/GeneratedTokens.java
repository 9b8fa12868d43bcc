package dev.aggregator.proxy.usage;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingRegistry;
import com.knuddels.jtokkit.api.EncodingType;
import java.util.Locale;

/**
 * The completion tokens of text a model generated, counted with a real BPE tokenizer (OpenAI's
 * {@code o200k_base}, or {@code cl100k_base} for the GPT-4 and GPT-3.5 generations), for when the
 * provider never reported its usage: a stream cut off before its usage chunk, or an answer
 * without {@code usage}. Characters / 4 undercounts most scripts but English several times over
 * (a CJK character is about one token); other vendors' tokenizers differ, but far less.
 *
 * <p>Cheap on the hot path: text is only appended while a stream runs; it is tokenized when a
 * count is asked for ({@link #tokens}, at a checkpoint or the end, and only without reported
 * usage), and only the text added since the previous count, which is then let go.
 *
 * <p>Not thread-safe: one per stream, used by the thread that relays it.
 */
public final class GeneratedTokens {

    /** Loads an encoding's ranks on first use only (a few MB each). */
    private static final EncodingRegistry ENCODINGS = Encodings.newLazyEncodingRegistry();

    private final Encoding encoding;
    private final StringBuilder pending = new StringBuilder();
    private long counted;
    private long characters;

    private GeneratedTokens(Encoding encoding) {
        this.encoding = encoding;
    }

    /** @param providerModel the model as the provider names it, which decides the encoding */
    public static GeneratedTokens forModel(String providerModel) {
        return new GeneratedTokens(ENCODINGS.getEncoding(encodingOf(providerModel)));
    }

    /** The tokens of {@code text} alone, e.g. a whole answer. */
    public static long count(String providerModel, String text) {
        var tokens = forModel(providerModel);
        tokens.add(text);
        return tokens.tokens();
    }

    /**
     * {@code cl100k_base} for {@code gpt-4}, {@code gpt-4-turbo}, {@code gpt-3.5-turbo} and the
     * {@code text-embedding} models; {@code o200k_base} for everything newer and everything else.
     */
    static EncodingType encodingOf(String providerModel) {
        String model = providerModel == null ? "" : providerModel.toLowerCase(Locale.ROOT);
        model = model.substring(model.lastIndexOf('/') + 1); // "openai/gpt-4" at OpenRouter
        boolean gpt4Generation = model.startsWith("gpt-4")
                && !model.startsWith("gpt-4o")
                && !model.startsWith("gpt-4.1")
                && !model.startsWith("gpt-4.5");
        if (gpt4Generation || model.startsWith("gpt-3.5") || model.startsWith("text-embedding")) {
            return EncodingType.CL100K_BASE;
        }
        return EncodingType.O200K_BASE;
    }

    public void add(CharSequence text) {
        pending.append(text);
        characters += text.length();
    }

    /** Characters added so far. */
    public long characters() {
        return characters;
    }

    /** Tokens of all the text added so far. */
    public long tokens() {
        if (!pending.isEmpty()) {
            // Ordinary: a model may well write "<|endoftext|>" as text; it is not a special token here.
            counted += encoding.countTokensOrdinary(pending.toString());
            pending.setLength(0);
        }
        return counted;
    }
}
