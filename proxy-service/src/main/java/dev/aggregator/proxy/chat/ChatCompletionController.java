package dev.aggregator.proxy.chat;

import dev.aggregator.common.identity.Identity;
import dev.aggregator.proxy.openai.OpenAiCompatible;
import dev.aggregator.proxy.openai.ProxyResponses;
import dev.aggregator.proxy.openai.RequestFields;
import dev.aggregator.proxy.usage.ProxiedRequest;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;
import tools.jackson.databind.json.JsonMapper;

@RestController
@OpenAiCompatible
@Tag(name = "Chat completions", description = "OpenAI-compatible chat completions, routed across providers")
class ChatCompletionController {

    static final String ENDPOINT = "/v1/chat/completions";

    private final ChatCompletions completions;
    private final JsonMapper json;

    ChatCompletionController(ChatCompletions completions, JsonMapper json) {
        this.completions = completions;
        this.json = json;
    }

    /**
     * Returns a {@code ResponseEntity} with the JSON answer, or a bare {@code StreamingResponseBody}
     * for a stream. The declared type is {@code Object} so that Spring picks the return value
     * handler by the value's class; that is also why the stream's headers are set on the servlet
     * response.
     */
    @PostMapping(ENDPOINT)
    @Operation(
            summary = "Create a chat completion",
            description = "OpenAI's request and response; `stream: true` answers server-sent events ending with "
                    + "`data: [DONE]`. `usage.cost` is what the company was charged. The optional body field "
                    + "`provider {order, allow_fallbacks}` overrides the company's provider preferences.")
    Object complete(
            @RequestBody byte[] body,
            Identity identity,
            HttpServletRequest servletRequest,
            HttpServletResponse servletResponse) {
        long started = System.nanoTime();
        // Raw bytes, parsed once here: the prompt estimate counts the body as sent, without
        // serialising the parsed tree again only to measure it.
        ChatRequest chat =
                ChatRequests.parse(RequestFields.parse(json, servletRequest.getContentType(), body), body.length);
        var request = new ProxiedRequest(
                ProxyResponses.requestId(servletRequest), identity, ENDPOINT, chat.model(), chat.stream(), started);
        return switch (completions.complete(chat, request)) {
            case ChatReply.Completed completed ->
                ProxyResponses.json(completed.answer(), completed.provider(), completed.cost());
            case ChatReply.Streaming streaming -> {
                ProxyResponses.prepareStream(servletResponse, streaming.provider());
                // Since Spring Framework 7.0.6 the stream handed to a StreamingResponseBody ignores
                // flush() (spring-framework#36385), which would deliver the whole answer at the end.
                // The servlet response's own stream flushes each event through to the client.
                StreamingResponseBody direct = ignored -> streaming.body().writeTo(servletResponse.getOutputStream());
                yield direct;
            }
        };
    }
}
