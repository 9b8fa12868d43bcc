package dev.aggregator.proxy.embeddings;

import dev.aggregator.common.identity.Identity;
import dev.aggregator.proxy.openai.OpenAiCompatible;
import dev.aggregator.proxy.openai.ProxyResponses;
import dev.aggregator.proxy.openai.RequestFields;
import dev.aggregator.proxy.usage.ProxiedRequest;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

@RestController
@OpenAiCompatible
@Tag(name = "Embeddings", description = "OpenAI-compatible embeddings, routed across providers")
class EmbeddingsController {

    static final String ENDPOINT = "/v1/embeddings";

    private final Embeddings embeddings;
    private final JsonMapper json;

    EmbeddingsController(Embeddings embeddings, JsonMapper json) {
        this.embeddings = embeddings;
        this.json = json;
    }

    @PostMapping(ENDPOINT)
    @Operation(
            summary = "Create embeddings",
            description = "OpenAI's request and response, billed like chat without output tokens; "
                    + "`usage.cost` is what the company was charged.")
    ResponseEntity<JsonNode> embed(@RequestBody byte[] body, Identity identity, HttpServletRequest servletRequest) {
        long started = System.nanoTime();
        EmbeddingsRequest parsed =
                EmbeddingsRequests.parse(RequestFields.parse(json, servletRequest.getContentType(), body));
        var request = new ProxiedRequest(
                ProxyResponses.requestId(servletRequest), identity, ENDPOINT, parsed.model(), false, started);
        var result = embeddings.embed(parsed, request);
        return ProxyResponses.json(result.answer(), result.provider(), result.cost());
    }
}
