package dev.aggregator.common.web.limits;

import jakarta.validation.constraints.NotNull;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * How large a request body a service reads: {@code large} on the OpenAI-compatible endpoints that
 * carry prompts, {@code standard} everywhere else. A larger body is answered 413 before anything
 * parses it (api-v1.md, "Request bodies over 10 MiB ... or 64 KiB ... → 413").
 *
 * @param standard the limit of every path not listed in {@code largePaths}
 * @param large the limit of {@code largePaths}
 * @param largePaths exact paths that take {@code large} bodies
 * @param openAiPaths exact paths, or prefixes ending in {@code /}, answered in OpenAI's error shape
 */
@Validated
@ConfigurationProperties("aggregator.body-limits")
public record BodyLimitProperties(
        @NotNull @DefaultValue("64KB") DataSize standard,
        @NotNull @DefaultValue("10MB") DataSize large,

        @NotNull @DefaultValue({"/v1/chat/completions", "/v1/responses", "/v1/embeddings"})
        List<String> largePaths,

        @NotNull @DefaultValue({"/v1/chat/completions", "/v1/responses", "/v1/embeddings", "/v1/models", "/v1/models/"})
        List<String> openAiPaths) {

    /** The platform's limits, as api-v1.md states them. */
    public static BodyLimitProperties defaults() {
        return new BodyLimitProperties(
                DataSize.ofKilobytes(64),
                DataSize.ofMegabytes(10),
                List.of("/v1/chat/completions", "/v1/responses", "/v1/embeddings"),
                List.of("/v1/chat/completions", "/v1/responses", "/v1/embeddings", "/v1/models", "/v1/models/"));
    }

    /** The limit in bytes for a request to this path. */
    public long limitFor(String path) {
        return largePaths.contains(path) ? large.toBytes() : standard.toBytes();
    }

    public boolean openAiShaped(String path) {
        for (String openAi : openAiPaths) {
            if (openAi.endsWith("/") ? path.startsWith(openAi) : path.equals(openAi)) return true;
        }
        return false;
    }
}
