package dev.aggregator.mockprovider.chat;

import dev.aggregator.mockprovider.simulation.MockDirectives;
import dev.aggregator.mockprovider.simulation.UpstreamSimulator;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

@RestController
class ChatCompletionController {

    private final UpstreamSimulator simulator;
    private final MockReplies replies;
    private final ChatStreamWriter streamWriter;

    ChatCompletionController(UpstreamSimulator simulator, MockReplies replies, ChatStreamWriter streamWriter) {
        this.simulator = simulator;
        this.replies = replies;
        this.streamWriter = streamWriter;
    }

    /**
     * Returns either a {@link ChatCompletion} or a bare {@code StreamingResponseBody}. The declared
     * type is {@code Object} so that Spring picks the return value handler by the value's runtime
     * class; a {@code ResponseEntity<StreamingResponseBody>} hidden behind {@code Object} would be
     * handed to Jackson instead. That is also why the stream's headers go on the servlet response.
     */
    @PostMapping("/v1/chat/completions")
    Object complete(
            @Valid @RequestBody ChatCompletionRequest request,
            MockDirectives directives,
            HttpServletResponse response) {
        simulator.beforeAnswering(request.model(), directives);
        MockReply reply = replies.replyTo(request, directives.completionTokens());
        String id = CompletionIds.next();
        long created = System.currentTimeMillis() / 1000;
        if (!request.streamed()) {
            return ResponseEntity.ok(ChatCompletion.of(id, created, request.model(), reply));
        }
        response.setContentType(MediaType.TEXT_EVENT_STREAM_VALUE);
        response.setHeader(HttpHeaders.CACHE_CONTROL, "no-cache");
        return streamWriter.stream(
                response,
                id,
                created,
                request.model(),
                reply,
                request.includeUsageInStream(),
                simulator.chunkDelayMs(request.model(), directives),
                directives.streamAbortAfter());
    }
}
