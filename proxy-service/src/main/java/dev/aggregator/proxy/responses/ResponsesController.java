package dev.aggregator.proxy.responses;

import dev.aggregator.common.identity.Identity;
import dev.aggregator.proxy.chat.ChatCompletions;
import dev.aggregator.proxy.chat.ChatReply;
import dev.aggregator.proxy.openai.OpenAiCompatible;
import dev.aggregator.proxy.openai.ProxyResponses;
import dev.aggregator.proxy.openai.RequestFields;
import dev.aggregator.proxy.usage.ProxiedRequest;
import dev.aggregator.proxy.usage.TokenUsage;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;
import tools.jackson.databind.json.JsonMapper;

/**
 * OpenAI's Responses API, served through chat completions: the request is translated into a chat
 * request and goes through the very admission, routing, upstream call and usage recording of chat
 * ({@link ChatCompletions}), its usage recorded under {@code /v1/responses}; the answer, or each
 * chunk of a stream, is translated back.
 */
@RestController
@OpenAiCompatible
@Tag(name = "Responses", description = "OpenAI-compatible Responses API, served through chat completions")
class ResponsesController {

    static final String ENDPOINT = "/v1/responses";

    private final ChatCompletions completions;
    private final JsonMapper json;

    ResponsesController(ChatCompletions completions, JsonMapper json) {
        this.completions = completions;
        this.json = json;
    }

    /** See {@code ChatCompletionController#complete} for why the declared type is {@code Object}. */
    @PostMapping(ENDPOINT)
    @Operation(
            summary = "Create a model response",
            description = "OpenAI's Responses API: `input` as a string or a list of messages and function-call "
                    + "items, `instructions`, `max_output_tokens`, function `tools`, `stream: true` answering the "
                    + "`response.*` events ending in `response.completed`. `usage.cost` is what the company was "
                    + "charged. Stateless: `store` is accepted and ignored, `previous_response_id` is a 400.")
    Object create(
            @RequestBody byte[] body,
            Identity identity,
            HttpServletRequest servletRequest,
            HttpServletResponse servletResponse) {
        long started = System.nanoTime();
        ResponsesRequest parsed =
                ResponsesRequests.parse(RequestFields.parse(json, servletRequest.getContentType(), body), body.length);
        var request = new ProxiedRequest(
                ProxyResponses.requestId(servletRequest), identity, ENDPOINT, parsed.model(), parsed.stream(), started);
        var reply = completions.complete(
                parsed.chat(), request, ResponseEventStream.factory(json, parsed.model(), parsed.settings()));
        return switch (reply) {
            case ChatReply.Completed completed -> {
                var usage = completed.answer().path("usage");
                var tokens = new TokenUsage(
                        usage.path("prompt_tokens").asLong(),
                        usage.path("completion_tokens").asLong());
                yield ProxyResponses.json(
                        ResponseObjects.fromChat(
                                completed.answer(), parsed.model(), parsed.settings(), tokens, completed.cost()),
                        completed.provider(),
                        completed.cost());
            }
            case ChatReply.Streaming streaming -> {
                ProxyResponses.prepareStream(servletResponse, streaming.provider());
                StreamingResponseBody direct = ignored -> streaming.body().writeTo(servletResponse.getOutputStream());
                yield direct;
            }
        };
    }
}
