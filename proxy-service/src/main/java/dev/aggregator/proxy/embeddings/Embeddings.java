package dev.aggregator.proxy.embeddings;

import dev.aggregator.proxy.admission.Admission;
import dev.aggregator.proxy.admission.Admitted;
import dev.aggregator.proxy.openai.OpenAiException;
import dev.aggregator.proxy.upstream.CandidateRouter;
import dev.aggregator.proxy.upstream.ProviderAdapters;
import dev.aggregator.proxy.upstream.Served;
import dev.aggregator.proxy.usage.ProxiedRequest;
import dev.aggregator.proxy.usage.ReservationAmount;
import dev.aggregator.proxy.usage.TokenUsage;
import dev.aggregator.proxy.usage.UsageRecorder;
import dev.aggregator.proxy.usage.UsageTrail;
import java.math.BigDecimal;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Embeddings are billed like chat with no output: the reservation is the input at the highest input
 * price (its free byte bound when the lease covers that, else the tokenizer's estimate), the charge
 * is the reported {@code prompt_tokens} (else the serving model's estimate) at the serving
 * provider's input price, durable before the answer is returned. Provider types without an embeddings API (Anthropic) are left out of the plan; a
 * model none of whose candidates can embed is a 400.
 */
@Component
class Embeddings {

    record Result(ObjectNode answer, String provider, BigDecimal cost) {}

    private final Admission admission;
    private final CandidateRouter router;
    private final ProviderAdapters adapters;
    private final UsageRecorder usage;

    Embeddings(Admission admission, CandidateRouter router, ProviderAdapters adapters, UsageRecorder usage) {
        this.admission = admission;
        this.router = router;
        this.adapters = adapters;
        this.usage = usage;
    }

    Result embed(EmbeddingsRequest embeddings, ProxiedRequest request) {
        Admitted admitted = admission.admit(
                request,
                embeddings.provider(),
                adapters::canEmbed,
                () -> OpenAiException.invalidRequest(
                        "model", "The model '%s' does not support embeddings.".formatted(embeddings.model())),
                (plan, candidates) ->
                        ReservationAmount.worstCase(embeddings.input().bound(), 0, candidates),
                (plan, candidates) -> ReservationAmount.worstCase(embeddings.inputEstimate(candidates), 0, candidates));
        UsageTrail trail = usage.trail(request, admitted.leaseId());
        // Only the provider part runs inside run(): once the provider answered, the request has a
        // cost, and a failure to record it must not let its hold go as if it had cost nothing.
        Served<ObjectNode> served = admission.run(
                request,
                admitted,
                () -> router.call(
                        request.requestId(),
                        admitted.candidates(),
                        candidate -> adapters.of(candidate).embed(candidate, embeddings.body())));
        ObjectNode answer = served.answer();
        var tokens = new TokenUsage(
                promptTokens(
                        answer.path("usage"), embeddings, served.candidate().providerModel()),
                0);
        var event = usage.answered(
                trail, served.candidate(), tokens, durable -> admission.finished(admitted, durable.cost()));
        answer.put("model", embeddings.model());
        ObjectNode usageNode =
                answer.path("usage").isObject() ? (ObjectNode) answer.get("usage") : answer.putObject("usage");
        usageNode.put("prompt_tokens", tokens.promptTokens());
        usageNode.put("total_tokens", tokens.promptTokens());
        usageNode.put("cost", event.cost());
        return new Result(answer, served.candidate().providerName(), event.cost());
    }

    /** The provider's count, else (tokenized only then) the serving model's estimate. */
    private static long promptTokens(JsonNode usage, EmbeddingsRequest embeddings, String servingModel) {
        JsonNode prompt = usage.path("prompt_tokens");
        return prompt.isIntegralNumber() && prompt.canConvertToLong() && prompt.longValue() >= 0
                ? prompt.longValue()
                : embeddings.input().estimate(servingModel);
    }
}
