package dev.aggregator.proxy.usage;

import tools.jackson.databind.JsonNode;

/**
 * Token counts without a tokenizer: about four characters per token, plus OpenAI's framing of a
 * few tokens per message. Used to size a reservation before the request runs, and to bill when a
 * provider reports no usage.
 */
public final class TokenEstimates {

    static final int CHARACTERS_PER_TOKEN = 4;
    static final int TOKENS_PER_MESSAGE = 4;
    static final int TOKENS_PER_REPLY = 3;

    private TokenEstimates() {}

    /** {@code ceil(characters / 4)}. */
    public static long ofCharacters(long characters) {
        return Math.ceilDiv(characters, CHARACTERS_PER_TOKEN);
    }

    /**
     * {@code ceil(characters of all message contents / 4) + 4 per message + 3}: contents are strings
     * or arrays of parts, of which only text parts count.
     */
    public static long promptTokens(JsonNode messages) {
        long characters = 0;
        for (JsonNode message : messages) {
            characters += contentCharacters(message.path("content"));
        }
        return ofCharacters(characters) + (long) TOKENS_PER_MESSAGE * messages.size() + TOKENS_PER_REPLY;
    }

    /**
     * An embeddings {@code input}: strings count by characters, token arrays by their length (they
     * are already tokens).
     */
    public static long embeddingTokens(JsonNode input) {
        if (input.isString()) return ofCharacters(input.stringValue().length());
        long characters = 0;
        long tokens = 0;
        for (JsonNode item : input) {
            if (item.isString()) characters += item.stringValue().length();
            else if (item.isArray()) tokens += item.size();
            else tokens++; // one token id of a single token array
        }
        return ofCharacters(characters) + tokens;
    }

    static long contentCharacters(JsonNode content) {
        if (content.isString()) return content.stringValue().length();
        long characters = 0;
        if (content.isArray()) {
            for (JsonNode part : content) {
                if ("text".equals(part.path("type").asString(""))
                        && part.path("text").isString()) {
                    characters += part.path("text").stringValue().length();
                }
            }
        }
        return characters;
    }
}
