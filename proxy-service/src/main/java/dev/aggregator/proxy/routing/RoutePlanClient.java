package dev.aggregator.proxy.routing;

import dev.aggregator.proxy.openai.OpenAiException;
import java.io.IOException;
import java.util.HashMap;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code GET /internal/route-plans} on the orchestrator. */
@Component
class RoutePlanClient {

    private static final Logger log = LoggerFactory.getLogger(RoutePlanClient.class);

    private final RestClient orchestrator;
    private final JsonMapper json;

    RoutePlanClient(@Qualifier("orchestrator") RestClient orchestrator, JsonMapper json) {
        this.orchestrator = orchestrator;
        this.json = json;
    }

    RoutePlan fetch(UUID companyId, String model, ProviderOverride override) {
        var variables = new HashMap<String, Object>();
        variables.put("company", companyId);
        variables.put("model", model);
        variables.put("order", String.join(",", override.order()));
        variables.put("fallbacks", override.allowFallbacks());
        variables.put("sort", override.sort());
        variables.put("only", String.join(",", override.only()));
        variables.put("ignore", String.join(",", override.ignore()));
        try {
            RoutePlan plan = orchestrator
                    .get()
                    .uri(uri -> {
                        // Values go in as variables so that they are encoded strictly (a model name may hold '+' or
                        // '/').
                        uri.path("/internal/route-plans")
                                .queryParam("company_id", "{company}")
                                .queryParam("model", "{model}");
                        if (!override.order().isEmpty()) uri.queryParam("order", "{order}");
                        if (override.allowFallbacks() != null) uri.queryParam("allow_fallbacks", "{fallbacks}");
                        if (override.sort() != null) uri.queryParam("sort", "{sort}");
                        if (!override.only().isEmpty()) uri.queryParam("only", "{only}");
                        if (!override.ignore().isEmpty()) uri.queryParam("ignore", "{ignore}");
                        return uri.build(variables);
                    })
                    .retrieve()
                    .onStatus(status -> status.value() == HttpStatus.NOT_FOUND.value(), (request, response) -> {
                        throw notFound(response.getBody().readAllBytes(), model);
                    })
                    .onStatus(status -> status.value() == HttpStatus.BAD_REQUEST.value(), (request, response) -> {
                        throw invalidOverride(response.getBody().readAllBytes());
                    })
                    .body(RoutePlan.class);
            if (plan == null) throw new IllegalStateException("empty route plan");
            return plan;
        } catch (RestClientException | IllegalStateException e) {
            log.warn("Route plan for model {} unavailable: {}", model, e.getMessage());
            throw OpenAiException.serviceUnavailable();
        }
    }

    /**
     * A model the catalog does not know is OpenAI's 404; a known model that no enabled provider
     * allowed by the company's preferences offers is a 503 that says why.
     */
    private OpenAiException notFound(byte[] problem, String model) {
        String type = "";
        try {
            type = json.readTree(problem).path("type").asString("");
        } catch (RuntimeException e) {
            // an unreadable 404 is an unknown model
        }
        if (type.endsWith("/no-provider-available")) {
            return OpenAiException.providerUnavailable(
                    "No enabled provider allowed by your preferences serves model '%s'.".formatted(model));
        }
        return OpenAiException.modelNotFound(model);
    }

    /**
     * The orchestrator refuses a plan only for the override (e.g. an unknown provider name). Its
     * problem detail is written for clients, so it is passed on.
     */
    private OpenAiException invalidOverride(byte[] problem) throws IOException {
        String detail;
        try {
            JsonNode body = json.readTree(problem);
            detail = body.path("detail").asString("The provider override is invalid.");
        } catch (RuntimeException e) {
            detail = "The provider override is invalid.";
        }
        return OpenAiException.invalidRequest("provider", detail);
    }
}
