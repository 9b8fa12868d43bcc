package dev.aggregator.mockprovider.chat;

import java.util.List;

/** OpenAI's {@code chat.completion} object (one choice; {@code n} is ignored). */
record ChatCompletion(String id, String object, long created, String model, List<Choice> choices, Usage usage) {

    record Choice(int index, Message message, String finishReason) {}

    record Message(String role, String content) {}

    static ChatCompletion of(String id, long created, String model, MockReply reply) {
        Choice choice = new Choice(0, new Message("assistant", reply.content()), reply.finishReason());
        return new ChatCompletion(id, "chat.completion", created, model, List.of(choice), reply.usage());
    }
}
