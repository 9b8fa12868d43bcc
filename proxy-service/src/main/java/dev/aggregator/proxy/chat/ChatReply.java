package dev.aggregator.proxy.chat;

import java.math.BigDecimal;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;
import tools.jackson.databind.node.ObjectNode;

/** What a chat request produced: a whole answer, or a stream that has started. */
public sealed interface ChatReply {

    String provider();

    record Completed(ObjectNode answer, String provider, BigDecimal cost) implements ChatReply {}

    record Streaming(StreamingResponseBody body, String provider) implements ChatReply {}
}
