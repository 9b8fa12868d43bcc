package dev.aggregator.mockprovider.chat;

import java.util.List;
import java.util.stream.IntStream;

/**
 * One deterministic answer: its words (each word counts as one completion token) and why it
 * ended. Streams send {@link #pieces()} so the concatenated deltas equal {@link #content()}.
 */
record MockReply(List<String> words, String finishReason, int promptTokens) {

    String content() {
        return String.join(" ", words);
    }

    List<String> pieces() {
        return IntStream.range(0, words.size())
                .mapToObj(i -> i == 0 ? words.get(i) : " " + words.get(i))
                .toList();
    }

    Usage usage() {
        return new Usage(promptTokens, words.size(), promptTokens + words.size());
    }
}
