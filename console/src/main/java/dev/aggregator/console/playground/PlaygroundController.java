package dev.aggregator.console.playground;

import dev.aggregator.console.config.ConsoleProperties;
import dev.aggregator.console.session.Caller;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/**
 * A chat with any model, as the signed-in person (members chat with their session token): the
 * browser posts the prompt, the console asks the API for a stream with usage in its last chunk and
 * relays the server-sent events as they arrive, with the serving provider's name in a header.
 */
@Controller
class PlaygroundController {

    private final ConsoleProperties properties;

    PlaygroundController(ConsoleProperties properties) {
        this.properties = properties;
    }

    record ChatRequest(
            @NotBlank String model,
            @NotBlank @Size(max = 100_000) String message,

            @Positive @com.fasterxml.jackson.annotation.JsonProperty("max_tokens")
            Integer maxTokens) {}

    @GetMapping("/playground")
    String playground(Caller caller, Model model) {
        var models = Caller.data(caller.get("/v1/models")).stream()
                .map(m -> (String) m.get("id"))
                .sorted()
                .toList();
        model.addAttribute("models", models);
        return "playground";
    }

    @PostMapping(path = "/playground/chat", consumes = MediaType.APPLICATION_JSON_VALUE)
    StreamingResponseBody chat(Caller caller, @Valid @RequestBody ChatRequest chat, HttpServletResponse response) {
        var body = new LinkedHashMap<String, Object>();
        body.put("model", chat.model());
        body.put("messages", List.of(Map.of("role", "user", "content", chat.message())));
        body.put("stream", true);
        body.put("stream_options", Map.of("include_usage", true));
        if (chat.maxTokens() != null) body.put("max_tokens", chat.maxTokens());
        var upstream = caller.stream("/v1/chat/completions", body, properties.streamTimeout());
        response.setStatus(upstream.statusCode());
        upstream.headers()
                .firstValue("x-aggregator-provider")
                .ifPresent(provider -> response.setHeader("x-aggregator-provider", provider));
        response.setContentType(
                upstream.headers().firstValue("content-type").orElse(MediaType.TEXT_EVENT_STREAM_VALUE));
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("X-Accel-Buffering", "no");
        return output -> {
            try (InputStream in = upstream.body()) {
                byte[] buffer = new byte[8192];
                int read;
                while ((read = in.read(buffer)) != -1) {
                    output.write(buffer, 0, read);
                    output.flush();
                }
            }
        };
    }
}
