package dev.aggregator.mockprovider.chat;

import dev.aggregator.mockprovider.chat.ChatCompletionRequest.ChatMessage;
import dev.aggregator.mockprovider.error.OpenAiException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * Builds the reply and the token counts from the request alone, so the same request always costs
 * the same — billing and analytics tests can assert exact numbers.
 */
@Component
class MockReplies {

    private static final int ECHOED_CHARACTERS = 40;
    /** OpenAI bills a few tokens of framing per message; the estimate mimics that. */
    private static final int TOKENS_PER_MESSAGE = 3;

    private static final Pattern WHITESPACE = Pattern.compile("\\s+");

    private static final String[] FILLER = {
        "lorem", "ipsum", "dolor", "sit", "amet", "consectetur", "adipiscing", "elit"
    };

    MockReply replyTo(ChatCompletionRequest request, @Nullable Integer paddedToWords) {
        List<String> words = new ArrayList<>(baseWords(lastUserText(request.messages())));
        if (paddedToWords != null) {
            for (int i = 0; words.size() < paddedToWords; i++) {
                words.add(FILLER[i % FILLER.length]);
            }
        }
        Integer limit = request.tokenLimit();
        String finishReason = "stop";
        if (limit != null && words.size() > limit) {
            words = words.subList(0, limit);
            finishReason = "length";
        }
        return new MockReply(List.copyOf(words), finishReason, promptTokens(request.messages()));
    }

    /** ceil(characters of every message / 4) + 3 per message: close to a real tokenizer. */
    static int promptTokens(List<ChatMessage> messages) {
        long characters = 0;
        for (int i = 0; i < messages.size(); i++) {
            characters += textOf(messages.get(i).content(), i).length();
        }
        return Math.toIntExact(Math.ceilDiv(characters, 4) + (long) TOKENS_PER_MESSAGE * messages.size());
    }

    private static String lastUserText(List<ChatMessage> messages) {
        for (int i = messages.size() - 1; i >= 0; i--) {
            if ("user".equals(messages.get(i).role())) {
                return textOf(messages.get(i).content(), i);
            }
        }
        return "";
    }

    private static List<String> baseWords(String userText) {
        String normalized = WHITESPACE.matcher(userText.strip()).replaceAll(" ");
        int end = normalized.offsetByCodePoints(
                0, Math.min(ECHOED_CHARACTERS, normalized.codePointCount(0, normalized.length())));
        String echoed = normalized.substring(0, end).strip();
        List<String> words = new ArrayList<>(List.of("Mock", "reply", "to:"));
        if (!echoed.isEmpty()) {
            words.addAll(List.of(echoed.split(" ")));
        }
        return words;
    }

    private static String textOf(@Nullable JsonNode content, int index) {
        if (content == null || content.isNull() || content.isMissingNode()) {
            return "";
        }
        if (content.isString()) {
            return content.stringValue();
        }
        if (content.isArray()) {
            StringBuilder text = new StringBuilder();
            for (JsonNode part : content) {
                // Only text parts count; images and audio carry no characters to echo.
                if ("text".equals(part.path("type").asString(""))) {
                    if (!text.isEmpty()) {
                        text.append(' ');
                    }
                    text.append(part.path("text").asString(""));
                }
            }
            return text.toString();
        }
        throw OpenAiException.invalidRequest(
                "Invalid type for 'messages[%d].content': expected a string or an array of content parts."
                        .formatted(index),
                "messages[%d].content".formatted(index));
    }
}
