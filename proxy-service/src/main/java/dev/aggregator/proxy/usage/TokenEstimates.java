package dev.aggregator.proxy.usage;

import tools.jackson.databind.JsonNode;

/**
 * Token counts without a tokenizer, erring high: about four bytes per token. Used to size a
 * reservation before the request runs, and to bill when a provider reports no usage.
 *
 * <p>A prompt is estimated from everything the provider reads as input, not only the message
 * texts: tool and function schemas, {@code response_format}, assistant tool-call arguments and
 * inline images, audio and files all cost input tokens, and a request must not be able to hide
 * them from its reservation. So the whole JSON body counts, as the client sent it (the raw bytes,
 * not a re-serialisation of the parsed tree, which would cost a second pass over a large body):
 *
 * <pre>
 * ceil(UTF-8 bytes of the request body / 4)
 *   + 4 per message + 3
 *   + 4,000 per image part
 * </pre>
 *
 * capped by the caller at the model's {@code context_length} when the catalog knows it. JSON is
 * longer than the text a tokenizer sees (keys, quotes, escapes, base64, and the client's own
 * whitespace), and bytes are at least characters, which is what keeps the estimate high. A linked image costs tokens its URL's
 * bytes do not show: 4,000 is above what any major provider charges for one image.
 */
public final class TokenEstimates {

    static final int BYTES_PER_TOKEN = 4;
    static final int TOKENS_PER_MESSAGE = 4;
    static final int TOKENS_PER_REPLY = 3;
    static final int TOKENS_PER_IMAGE = 4_000;

    private TokenEstimates() {}

    /** {@code ceil(characters / 4)}: generated text, which is billed by characters when unreported. */
    public static long ofCharacters(long characters) {
        return Math.ceilDiv(characters, BYTES_PER_TOKEN);
    }

    /** {@code ceil(bytes / 4)}. */
    public static long ofBytes(long bytes) {
        return Math.ceilDiv(bytes, BYTES_PER_TOKEN);
    }

    /**
     * The prompt of a chat request, by the rule in the class comment (without the cap).
     *
     * @param bodyBytes the length of the client's whole request body, in bytes as received
     * @param body that body parsed, whose {@code messages} is an array
     */
    public static long promptTokens(long bodyBytes, JsonNode body) {
        JsonNode messages = body.path("messages");
        return ofBytes(bodyBytes)
                + (long) TOKENS_PER_MESSAGE * messages.size()
                + TOKENS_PER_REPLY
                + (long) TOKENS_PER_IMAGE * imageParts(messages);
    }

    /** {@code estimate}, but never more than a prompt can be: the model's context length. */
    public static long capped(long estimate, Integer contextLength) {
        return contextLength == null || contextLength <= 0 ? estimate : Math.min(estimate, contextLength);
    }

    /**
     * An embeddings {@code input}: strings count by UTF-8 bytes, token arrays by their length (they
     * are already tokens).
     */
    public static long embeddingTokens(JsonNode input) {
        if (input.isString()) return ofBytes(utf8Length(input.stringValue()));
        long bytes = 0;
        long tokens = 0;
        for (JsonNode item : input) {
            if (item.isString()) bytes += utf8Length(item.stringValue());
            else if (item.isArray()) tokens += item.size();
            else tokens++; // one token id of a single token array
        }
        return ofBytes(bytes) + tokens;
    }

    private static long imageParts(JsonNode messages) {
        long images = 0;
        for (JsonNode message : messages) {
            for (JsonNode part : message.path("content")) {
                if (part.isObject() && "image_url".equals(part.path("type").asString(""))) images++;
            }
        }
        return images;
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
