package dev.aggregator.proxy.chat;

import dev.aggregator.common.events.UsageRecorded;
import dev.aggregator.common.web.RequestIds;
import dev.aggregator.proxy.admission.Admission;
import dev.aggregator.proxy.admission.Admitted;
import dev.aggregator.proxy.config.ProxyProperties;
import dev.aggregator.proxy.openai.OpenAiException;
import dev.aggregator.proxy.routing.Candidate;
import dev.aggregator.proxy.upstream.CandidateRouter;
import dev.aggregator.proxy.upstream.ChunkStream;
import dev.aggregator.proxy.upstream.ProviderAdapters;
import dev.aggregator.proxy.upstream.Served;
import dev.aggregator.proxy.usage.ProxiedRequest;
import dev.aggregator.proxy.usage.ReservationAmount;
import dev.aggregator.proxy.usage.TokenUsage;
import dev.aggregator.proxy.usage.UsageCost;
import dev.aggregator.proxy.usage.UsageJournalProperties;
import dev.aggregator.proxy.usage.UsageRecorder;
import dev.aggregator.proxy.usage.UsageTrail;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * One chat request from admission to its durable usage: route plan and admission against the
 * company's budget, the candidates in order, then either the whole answer with its cost, or a
 * stream relayed chunk by chunk, checkpointed while it runs and billed when it ends. A request that
 * no provider served is handled by {@link Admission#run}.
 *
 * <p>A served request's final usage event is durable before the answer's last byte (the JSON body,
 * or the stream's {@code [DONE]}) is written; only then is the request {@linkplain
 * Admission#finished finished}, which moves its hold from in-flight to spent. If the event is not
 * durable in time the client gets a 503, and the hold stays in flight until the journal has
 * written it: the provider was paid, so funds must not be released against usage that is not yet
 * recorded.
 */
@Component
public class ChatCompletions {

    private static final Logger log = LoggerFactory.getLogger(ChatCompletions.class);

    private final Admission admission;
    private final CandidateRouter router;
    private final ProviderAdapters adapters;
    private final UsageRecorder usage;
    private final JsonMapper json;
    private final ProxyProperties properties;
    private final Duration checkpointInterval;

    ChatCompletions(
            Admission admission,
            CandidateRouter router,
            ProviderAdapters adapters,
            UsageRecorder usage,
            JsonMapper json,
            ProxyProperties properties,
            UsageJournalProperties journal) {
        this.admission = admission;
        this.router = router;
        this.adapters = adapters;
        this.usage = usage;
        this.json = json;
        this.properties = properties;
        this.checkpointInterval = journal.usageCheckpointInterval();
    }

    /** A chat completion; a stream in chat's own chunks. */
    ChatReply complete(ChatRequest chat, ProxiedRequest request) {
        return complete(chat, request, ChatChunkFormat.factory(json, chat.model(), chat.includeUsage()));
    }

    /**
     * A request served through chat completions whose stream the client sees in {@code format}
     * (another API translated from chat, as the Responses API is): admitted, routed and billed as
     * any chat request, under {@code request}'s endpoint.
     */
    public ChatReply complete(ChatRequest chat, ProxiedRequest request, StreamFormat.Factory format) {
        int defaultMax = properties.defaultMaxOutputTokens();
        Admitted admitted = admission.admit(
                request,
                chat.provider(),
                adapters::canChat,
                () -> OpenAiException.providerUnavailable(
                        "No provider can serve model '%s' right now.".formatted(chat.model())),
                // First the prompt's bound, free to compute; the tokenizer only when it does not fit.
                (plan, candidates) -> ReservationAmount.worstCase(
                        chat.promptBound(plan), chat.maxOutputTokens(plan, defaultMax), candidates),
                (plan, candidates) -> ReservationAmount.worstCase(
                        chat.promptEstimate(plan, candidates), chat.maxOutputTokens(plan, defaultMax), candidates));
        // The provider is told the very bound the worst case was computed for.
        long maxTokens = chat.maxTokensPerChoice(admitted.plan(), defaultMax);
        // Billed only when the serving provider reports no prompt count, so tokenized only then.
        PromptEstimate promptTokens = candidate -> chat.promptEstimate(admitted.plan(), candidate);
        UsageTrail trail = usage.trail(request, admitted.leaseId());
        return chat.stream()
                ? stream(chat, trail, admitted, maxTokens, promptTokens, format)
                : answer(chat, trail, admitted, maxTokens, promptTokens);
    }

    private ChatReply answer(
            ChatRequest chat, UsageTrail trail, Admitted admitted, long maxTokens, PromptEstimate promptTokens) {
        ProxiedRequest request = trail.request();
        // Only the provider part runs inside run(): a failure to record usage afterwards is not a
        // provider failure, and must not let the hold go as if the request had cost nothing.
        Served<ObjectNode> served = admission.run(
                request,
                admitted,
                () -> router.call(
                        request.requestId(),
                        admitted.candidates(),
                        candidate -> adapters.of(candidate).complete(candidate, chat.body(), maxTokens)));
        ObjectNode answer = served.answer();
        TokenUsage tokens = CompletionUsage.of(
                answer,
                () -> promptTokens.of(served.candidate()),
                served.candidate().providerModel());
        var event = usage.answered(
                trail, served.candidate(), tokens, durable -> admission.finished(admitted, durable.cost()));
        answer.put("model", chat.model());
        CompletionUsage.write(answer, tokens, event.cost());
        return new ChatReply.Completed(answer, served.candidate().providerName(), event.cost());
    }

    private ChatReply stream(
            ChatRequest chat,
            UsageTrail trail,
            Admitted admitted,
            long maxTokens,
            PromptEstimate promptTokens,
            StreamFormat.Factory format) {
        ProxiedRequest request = trail.request();
        Served<ChunkStream> served = admission.run(
                request,
                admitted,
                () -> router.call(
                        request.requestId(),
                        admitted.candidates(),
                        candidate -> adapters.of(candidate).stream(candidate, chat.body(), maxTokens)));
        return new ChatReply.Streaming(
                out -> relay(trail, admitted, served, promptTokens, format, out),
                served.candidate().providerName());
    }

    /**
     * Runs on the response's async thread once the headers are out; there is no fallback any more
     * once a chunk reached the client. However the stream ends, its final usage is journaled before
     * its last event, and the request is finished once that usage is durable.
     */
    private void relay(
            UsageTrail trail,
            Admitted admitted,
            Served<ChunkStream> served,
            PromptEstimate promptTokens,
            StreamFormat.Factory format,
            OutputStream out) {
        ProxiedRequest request = trail.request();
        MDC.put(RequestIds.MDC_KEY, request.requestId());
        Candidate candidate = served.candidate();
        var relay = new StreamRelay(
                format.open(out, tokens -> UsageCost.of(tokens, candidate)),
                candidate.providerModel(),
                checkpoints(trail, candidate, promptTokens));
        try {
            StreamRelay.Outcome outcome;
            try (ChunkStream upstream = served.answer()) {
                outcome = relay.relay(upstream);
            } catch (RuntimeException e) {
                log.error("Relaying the stream of request {} failed", request.requestId(), e);
                outcome = relay.soFar(StreamRelay.End.UPSTREAM_FAILED); // bill what was relayed
            }
            var end = outcome.end();
            if (end == StreamRelay.End.UPSTREAM_FAILED) {
                log.warn("Provider {} broke the stream of request {}", candidate.providerName(), request.requestId());
            }
            UsageRecorded recorded;
            try {
                recorded = usage.served(
                        trail,
                        candidate,
                        outcome.tokens(() -> promptTokens.of(candidate)),
                        ttft(request, outcome),
                        end.httpStatus,
                        end.errorCode,
                        durable -> admission.finished(admitted, durable.cost()));
            } catch (RuntimeException e) {
                // Not durable in time (the journal keeps the event and finishes the request once it
                // is written): no [DONE], so that the client does not take the answer as complete.
                log.error("Usage of streamed request {} is not durable", request.requestId(), e);
                failQuietly(relay);
                return;
            }
            relay.finish(end, new TokenUsage(recorded.promptTokens(), recorded.completionTokens()), recorded.cost());
        } finally {
            MDC.remove(RequestIds.MDC_KEY);
        }
    }

    private StreamRelay.Checkpoints checkpoints(UsageTrail trail, Candidate candidate, PromptEstimate promptTokens) {
        return new StreamRelay.Checkpoints() {
            @Override
            public Duration interval() {
                return checkpointInterval;
            }

            @Override
            public void record(StreamRelay.Outcome soFar) {
                try {
                    usage.checkpoint(
                            trail,
                            candidate,
                            soFar.tokens(() -> promptTokens.of(candidate)),
                            ttft(trail.request(), soFar));
                } catch (RuntimeException e) {
                    // A checkpoint only guards against a crash; the final event is what counts.
                    log.warn(
                            "Checkpoint of request {} failed: {}",
                            trail.request().requestId(),
                            e.getMessage());
                }
            }
        };
    }

    /** The prompt estimate for the candidate that served the request, computed when asked for. */
    @FunctionalInterface
    private interface PromptEstimate {
        long of(Candidate candidate);
    }

    private static Long ttft(ProxiedRequest request, StreamRelay.Outcome outcome) {
        return outcome.firstContentNanos() == null ? null : request.millisSinceStart(outcome.firstContentNanos());
    }

    private static void failQuietly(StreamRelay relay) {
        try {
            relay.fail(OpenAiException.serviceUnavailable().toBody());
        } catch (IOException e) {
            // the client is gone as well
        }
    }
}
