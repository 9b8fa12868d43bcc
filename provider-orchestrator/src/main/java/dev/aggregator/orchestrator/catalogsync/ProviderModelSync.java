package dev.aggregator.orchestrator.catalogsync;

import dev.aggregator.common.identity.Identity;
import dev.aggregator.common.web.ApiException;
import dev.aggregator.orchestrator.models.ModelImports;
import dev.aggregator.orchestrator.providers.ProviderEndpoints;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;
import tools.jackson.databind.JsonNode;

/**
 * {@code POST /v1/providers/{id}/sync-models}: reads the provider's {@code GET {base_url}/models}
 * (OpenAI's list; OpenRouter's entries also carry {@code pricing.prompt}/{@code completion} in
 * dollars per token and {@code context_length}) with the pool's first key, and imports the models
 * it does not offer yet as inactive offerings for review ({@link ModelImports}).
 */
@Component
class ProviderModelSync {

    private static final Logger log = LoggerFactory.getLogger(ProviderModelSync.class);
    private static final int MAX_MODELS = 2_000;
    private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000);

    private final ProviderEndpoints providers;
    private final ModelImports imports;
    private final RestClient http;

    ProviderModelSync(ProviderEndpoints providers, ModelImports imports) {
        this.providers = providers;
        this.imports = imports;
        var factory = new JdkClientHttpRequestFactory(HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build());
        factory.setReadTimeout(Duration.ofSeconds(30));
        this.http = RestClient.builder().requestFactory(factory).build();
    }

    /** The offerings created, each pending review; 502 when the provider's list cannot be read. */
    List<ModelImports.Pending> sync(Identity actor, UUID providerId) {
        var provider = providers
                .find(providerId)
                .orElseThrow(() -> ApiException.notFound("Provider " + providerId + " not found."));
        String apiKey = provider.apiKey();
        JsonNode list;
        try {
            list = http.get()
                    .uri(provider.baseUrl() + "/models")
                    .headers(headers -> {
                        if (apiKey == null) return;
                        if (provider.anthropic()) {
                            headers.set("x-api-key", apiKey);
                            headers.set("anthropic-version", "2023-06-01");
                        } else {
                            headers.setBearerAuth(apiKey);
                        }
                    })
                    .retrieve()
                    .body(JsonNode.class);
        } catch (RestClientException e) {
            // The message names the status or the I/O failure, never the key.
            log.warn(
                    "Model list of provider {} unavailable: {}",
                    providerId,
                    e.getClass().getSimpleName());
            throw new ApiException(
                    HttpStatus.BAD_GATEWAY,
                    "provider-unavailable",
                    "Provider unavailable",
                    "The provider's model list could not be read.");
        }
        return imports.importPending(actor, providerId, parse(list));
    }

    static List<ModelImports.Imported> parse(JsonNode list) {
        var result = new ArrayList<ModelImports.Imported>();
        if (list == null) return result;
        for (JsonNode entry : list.path("data")) {
            if (result.size() == MAX_MODELS) break;
            String id = entry.path("id").asString("");
            if (id.isBlank()) continue;
            JsonNode context = entry.path("context_length");
            result.add(new ModelImports.Imported(
                    id,
                    context.isIntegralNumber() && context.asLong() > 0 && context.asLong() <= Integer.MAX_VALUE
                            ? context.asInt()
                            : null,
                    perMillion(entry.path("pricing").path("prompt")),
                    perMillion(entry.path("pricing").path("completion"))));
        }
        return result;
    }

    /** Dollars per token (a string or a number) to dollars per million, at most 8 places rounded up; null if unknown. */
    static BigDecimal perMillion(JsonNode perToken) {
        if (perToken.isMissingNode() || perToken.isNull()) return null;
        try {
            var value = new BigDecimal(perToken.asString()).multiply(MILLION);
            if (value.signum() < 0 || value.precision() - value.scale() > 12) return null;
            return value.setScale(Math.min(8, Math.max(0, value.scale())), RoundingMode.CEILING)
                    .stripTrailingZeros();
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
