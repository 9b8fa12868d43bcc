package dev.aggregator.proxy.responses;

import dev.aggregator.proxy.chat.ChatRequest;
import tools.jackson.databind.node.ObjectNode;

/**
 * A validated Responses API request: the chat request it is served as, and the request's own
 * settings, which the response object repeats as OpenAI's does ({@code instructions}, {@code
 * tools}, {@code temperature}, …).
 */
record ResponsesRequest(ChatRequest chat, ObjectNode settings) {

    String model() {
        return chat.model();
    }

    boolean stream() {
        return chat.stream();
    }
}
