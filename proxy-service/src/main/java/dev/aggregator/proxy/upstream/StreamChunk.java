package dev.aggregator.proxy.upstream;

import java.io.IOException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * One {@code chat.completion.chunk} of a provider's stream. From an OpenAI-compatible provider it
 * is the event's JSON text as it came, parsed only when someone needs a field of it: most chunks
 * of a stream carry text and nothing the proxy needs, so they reach the client as they came (the
 * usage chunk and the chunk that finishes are the ones read). From a provider with another wire
 * format it is the chunk translated, already an object.
 *
 * <p>The {@code may*} checks look for a key in the text. A key inside a string value appears
 * escaped ({@code \"usage\"}), so it cannot match; a match only means "parse and look", so they
 * never miss what a parse would find.
 *
 * <p>Not thread-safe: a chunk belongs to the thread relaying its stream.
 */
public final class StreamChunk {

    private static final String USAGE = "\"usage\"";
    private static final String ERROR = "\"error\"";
    private static final String FINISH_REASON = "\"finish_reason\"";
    private static final String MODEL = "\"model\"";
    private static final String CHOICES = "\"choices\"";

    private final String text;
    private final JsonMapper json;
    private ObjectNode parsed;

    private StreamChunk(String text, JsonMapper json, ObjectNode parsed) {
        this.text = text;
        this.json = json;
        this.parsed = parsed;
    }

    /** A chunk that is already an object (translated from another wire format, or made up). */
    public static StreamChunk of(ObjectNode chunk) {
        return new StreamChunk(null, null, chunk);
    }

    /**
     * A chunk as an OpenAI-compatible provider sent it.
     *
     * @throws IOException when it is plainly not a JSON object; anything subtler fails on parsing
     */
    public static StreamChunk received(String data, JsonMapper json) throws IOException {
        if (data.isEmpty() || data.charAt(0) != '{' || data.charAt(data.length() - 1) != '}') {
            throw new IOException("a stream event that is not a JSON object");
        }
        return new StreamChunk(data, json, null);
    }

    /**
     * The chunk as the provider wrote it, or null when it never had a text of its own or has been
     * {@linkplain #json() read as an object} (which its reader may have changed).
     */
    public String text() {
        return parsed == null ? text : null;
    }

    /**
     * The chunk as an object, parsed on the first call; the same object on every call, so changes
     * to it stay.
     *
     * @throws IOException when the provider's text is not a JSON object
     */
    public ObjectNode json() throws IOException {
        if (parsed == null) {
            JsonNode node;
            try {
                node = json.readTree(text);
            } catch (JacksonException e) {
                throw new IOException("malformed event in the upstream stream", e);
            }
            if (!node.isObject()) throw new IOException("a stream event that is not a JSON object");
            parsed = (ObjectNode) node;
        }
        return parsed;
    }

    /**
     * False when the chunk certainly has no {@code usage} figures (none, or {@code "usage": null},
     * which OpenAI puts in every chunk of a stream that asked for usage); true when it may have.
     */
    public boolean mayCarryUsage() {
        if (parsed != null) return parsed.path("usage").isObject();
        for (int at = text.indexOf(USAGE); at >= 0; at = text.indexOf(USAGE, at + 1)) {
            int value = valueAfter(text, at + USAGE.length());
            if (value >= 0 && !text.startsWith("null", value)) return true;
        }
        return false;
    }

    /** False when the chunk certainly has no {@code error}; true when it may have one. */
    boolean mayCarryError() {
        return parsed != null ? parsed.has("error") : text.contains(ERROR);
    }

    /**
     * Whether a choice of this chunk has a finish reason. From the text: only a
     * {@code "finish_reason"} followed by a string (not {@code null}) is worth a parse.
     */
    public boolean finishes() throws IOException {
        if (parsed == null && !hasStringValue(text, FINISH_REASON)) return false;
        for (JsonNode choice : json().path("choices")) {
            JsonNode reason = choice.get("finish_reason");
            if (reason != null && reason.isString()) return true;
        }
        return false;
    }

    /**
     * The provider's text as the client should see it, without a parse: its top-level {@code model}
     * replaced by {@code modelMember} (a whole {@code "model":"…"} member), and a
     * {@code "usage":null} member dropped unless {@code keepNullUsage}. Null when the chunk has to
     * be read as an object instead: it has no text of its own any more, carries usage figures, or
     * is not in the plain shape this expects.
     */
    public String forwarded(String modelMember, boolean keepNullUsage) {
        String chunk = text();
        if (chunk == null || mayCarryUsage()) return null;
        chunk = withModel(chunk, modelMember);
        if (chunk == null || keepNullUsage) return chunk;
        return withoutNullUsage(chunk);
    }

    private static String withModel(String chunk, String modelMember) {
        int key = chunk.indexOf(MODEL);
        if (key < 0) return chunk; // nothing to rename
        int choices = chunk.indexOf(CHOICES);
        if (choices >= 0 && choices < key) return null; // the first "model" may not be top-level
        int open = valueAfter(chunk, key + MODEL.length());
        if (open < 0 || chunk.charAt(open) != '"') return null;
        int close = chunk.indexOf('"', open + 1);
        if (close < 0 || chunk.lastIndexOf('\\', close) > open) return null; // an escape: leave it to Jackson
        if (close + 1 - key == modelMember.length() && chunk.startsWith(modelMember, key)) {
            return chunk; // already the client's name
        }
        return chunk.substring(0, key) + modelMember + chunk.substring(close + 1);
    }

    /** Drops {@code "usage":null} with the comma that joins it to a neighbour. */
    private static String withoutNullUsage(String chunk) {
        int key = chunk.indexOf(USAGE);
        if (key < 0) return chunk;
        int value = valueAfter(chunk, key + USAGE.length());
        if (value < 0 || !chunk.startsWith("null", value)) return null;
        int end = value + "null".length();
        int before = key - 1;
        while (before >= 0 && Character.isWhitespace(chunk.charAt(before))) before--;
        if (before >= 0 && chunk.charAt(before) == ',') return chunk.substring(0, before) + chunk.substring(end);
        int after = skipSpaces(chunk, end);
        if (after < chunk.length() && chunk.charAt(after) == ',') {
            return chunk.substring(0, key) + chunk.substring(skipSpaces(chunk, after + 1));
        }
        return null;
    }

    private static boolean hasStringValue(String chunk, String key) {
        for (int at = chunk.indexOf(key); at >= 0; at = chunk.indexOf(key, at + 1)) {
            int value = valueAfter(chunk, at + key.length());
            if (value >= 0 && chunk.charAt(value) == '"') return true;
        }
        return false;
    }

    /** The index of the value after a key ending at {@code from} ({@code : value}), or -1. */
    private static int valueAfter(String text, int from) {
        int colon = skipSpaces(text, from);
        if (colon >= text.length() || text.charAt(colon) != ':') return -1;
        int value = skipSpaces(text, colon + 1);
        return value < text.length() ? value : -1;
    }

    private static int skipSpaces(String text, int from) {
        int i = from;
        while (i < text.length() && Character.isWhitespace(text.charAt(i))) i++;
        return i;
    }
}
