package dev.aggregator.proxy.usage;

/**
 * Token counts without a tokenizer, erring high: about four bytes per token. Used for generated
 * text billed by characters, and the parts of a chat body that {@link PromptTokens} does not
 * tokenize (the JSON around the texts, tool schemas, inline data).
 */
public final class TokenEstimates {

    static final int BYTES_PER_TOKEN = 4;

    private TokenEstimates() {}

    /** {@code ceil(characters / 4)}: generated text, which is billed by characters when unreported. */
    public static long ofCharacters(long characters) {
        return Math.ceilDiv(characters, BYTES_PER_TOKEN);
    }

    /** {@code ceil(bytes / 4)}. */
    public static long ofBytes(long bytes) {
        return Math.ceilDiv(bytes, BYTES_PER_TOKEN);
    }

    /** {@code estimate}, but never more than a prompt can be: the model's context length. */
    public static long capped(long estimate, Integer contextLength) {
        return contextLength == null || contextLength <= 0 ? estimate : Math.min(estimate, contextLength);
    }

    /** The UTF-8 length, without encoding a large prompt once more just to measure it. */
    static long utf8Length(String text) {
        long bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) bytes++;
            else if (c < 0x800) bytes += 2;
            else if (Character.isHighSurrogate(c)
                    && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else bytes += 3;
        }
        return bytes;
    }
}
