package dev.aggregator.proxy.usage;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * The prompt tokens of one chat request (a {@code /v1/responses} request counts as the chat request
 * it is served as), in two figures: a {@linkplain #bound() bound} that costs nothing and that no
 * tokenizer's count can exceed, and an {@linkplain #estimate(String) estimate} counted with a real
 * BPE tokenizer (jtokkit), computed only when asked for and then kept. Admission holds the bound
 * when the company's lease clearly covers it, and only otherwise pays for the tokenizer; billing
 * uses the estimate, and only when the provider did not report its count ({@code
 * docs/admission-and-usage.md}, "Prompt estimates").
 *
 * <p>The texts a model reads (message contents and text parts, names, and the names and arguments of
 * assistant tool calls) are tokenized; everything else in the body (the JSON around them, tool and
 * function schemas, {@code response_format}, tool call ids, inline image, audio and file data) still
 * counts at a quarter of its bytes, since a request must not hide input from its reservation. On top
 * of that, OpenAI's documented framing: 3 tokens per message, 1 per {@code name}, 3 to prime the
 * reply; and 4,000 per image part (above what any major provider charges for one image).
 *
 * <pre>
 * estimate = tokens(texts) + ceil((body bytes − UTF-8 bytes of the texts) / 4)
 *            + 3 × messages + names + 3 + 4,000 × images (+ 500 for tools, other vocabularies)
 * bound    = body bytes + the same overheads
 * </pre>
 *
 * <ul>
 *   <li>{@code o200k_base} for the gpt-4o, gpt-4.1, gpt-4.5, gpt-5, o-series and gpt-oss models,
 *       {@code cl100k_base} for gpt-4, gpt-4-turbo and gpt-3.5: the count is the model's own.
 *   <li>Any other model (Claude, Llama, Gemini, Mistral, …): another vocabulary, often a smaller one,
 *       so {@code 1.5 ×} the {@code cl100k_base} count (the cheaper of the two encoders, and the
 *       higher count outside English), never more than the texts' bytes; and 500 tokens when the
 *       request has tools or a {@code response_format}, for the tool-use system prompt such vendors
 *       add (Anthropic's is about 350).
 *   <li>The bound holds for every byte-level tokenizer, ours or a vendor's: each token is at least one
 *       byte, and a text in the JSON body is never shorter than its UTF-8 bytes. So {@code bound ≥
 *       estimate} always, and a request admitted on its bound is admitted on at least as much as
 *       the tokenizer would have said.
 * </ul>
 *
 * <p>Thread-safe: the request thread may ask during admission, the relay thread later.
 */
public final class PromptTokens {

    static final int TOKENS_PER_MESSAGE = 3;
    static final int TOKENS_PER_NAME = 1;
    static final int TOKENS_PER_REPLY = 3;
    static final int TOKENS_PER_IMAGE = 4_000;
    static final int TOKENS_FOR_TOOLS = 500;

    private final TextTokens texts;
    private final long bodyBytes;
    private final long framing;
    private final boolean toolsOrFormat;

    private PromptTokens(JsonNode messages, long bodyBytes, long framing, boolean toolsOrFormat) {
        this.texts = new TextTokens(() -> textsOf(messages));
        this.bodyBytes = bodyBytes;
        this.framing = framing;
        this.toolsOrFormat = toolsOrFormat;
    }

    /**
     * @param bodyBytes the length of the client's whole request body, in bytes as received
     * @param chat the chat request the provider is sent (for {@code /v1/responses}, its translation)
     */
    public static PromptTokens of(long bodyBytes, JsonNode chat) {
        JsonNode messages = chat.path("messages");
        long framing = TOKENS_PER_REPLY;
        for (JsonNode message : messages) {
            framing += TOKENS_PER_MESSAGE;
            if (message.path("name").isString()) framing += TOKENS_PER_NAME;
            for (JsonNode part : message.path("content")) {
                if (part.isObject() && "image_url".equals(part.path("type").asString(""))) {
                    framing += TOKENS_PER_IMAGE;
                }
            }
        }
        boolean toolsOrFormat = !chat.path("tools").isEmpty()
                || !chat.path("functions").isEmpty()
                || chat.path("response_format").isObject();
        return new PromptTokens(messages, bodyBytes, framing, toolsOrFormat);
    }

    /** No tokenizer can count more: see the class comment. Costs nothing. */
    public long bound() {
        return bodyBytes + framing + TOKENS_FOR_TOOLS * (toolsOrFormat ? 1L : 0L);
    }

    /** The highest {@linkplain #estimate(String) estimate} among the models that may serve the request. */
    public long estimate(Collection<String> providerModels) {
        long highest = 0;
        for (String model : providerModels) highest = Math.max(highest, estimate(model));
        return highest;
    }

    /** The prompt as {@code providerModel} counts it, by the rules in the class comment. */
    public long estimate(String providerModel) {
        Vocabulary vocabulary = Vocabulary.of(providerModel);
        long rest = Math.max(0, bodyBytes - texts.bytes());
        long tools = vocabulary == Vocabulary.OTHER && toolsOrFormat ? TOKENS_FOR_TOOLS : 0;
        return texts.count(vocabulary) + TokenEstimates.ofBytes(rest) + framing + tools;
    }

    /** What of the messages a model reads as text. */
    private static List<String> textsOf(JsonNode messages) {
        var texts = new ArrayList<String>();
        for (JsonNode message : messages) texts.addAll(texts(message));
        return texts;
    }

    /** What of one message a model reads as text. */
    private static List<String> texts(JsonNode message) {
        var texts = new ArrayList<String>(2);
        JsonNode content = message.path("content");
        if (content.isString()) texts.add(content.stringValue());
        else {
            for (JsonNode part : content) {
                if (part.path("text").isString()) texts.add(part.get("text").stringValue());
            }
        }
        if (message.path("name").isString()) texts.add(message.get("name").stringValue());
        for (JsonNode call : message.path("tool_calls")) {
            JsonNode function = call.path("function");
            if (function.path("name").isString()) texts.add(function.get("name").stringValue());
            if (function.path("arguments").isString())
                texts.add(function.get("arguments").stringValue());
        }
        return texts;
    }
}
