package dev.aggregator.proxy.chat;

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
import dev.aggregator.proxy.usage.TokenEstimates;
import dev.aggregator.proxy.usage.TokenUsage;
import dev.aggregator.proxy.usage.UsageCost;
import dev.aggregator.proxy.usage.UsageRecorder;
import java.io.OutputStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * One chat request from admission to the usage event: route plan and reservation, the candidates
 * in order, then either the whole answer with its cost, or a stream relayed chunk by chunk and
 * billed when it ends. A request that fails
 * releases its reservation before its error is answered (see {@link Admission#run}).
 */
@Component
class ChatCompletions {

    private static final Logger log = LoggerFactory.getLogger(ChatCompletions.class);

    private final Admission admission;
    private final CandidateRouter router;
    private final ProviderAdapters adapters;
    private final UsageRecorder usage;
    private final JsonMapper json;
    private final ProxyProperties properties;
    private final ExecutorService usageRecording = Executors.newVirtualThreadPerTaskExecutor();

    ChatCompletions(
            Admission admission,
            CandidateRouter router,
            ProviderAdapters adapters,
            UsageRecorder usage,
            JsonMapper json,
            ProxyProperties properties) {
        this.admission = admission;
        this.router = router;
        this.adapters = adapters;
        this.usage = usage;
        this.json = json;
        this.properties = properties;
    }

    ChatReply complete(ChatRequest chat, ProxiedRequest request) {
        int defaultMax = properties.defaultMaxOutputTokens();
        Admitted admitted = admission.admit(
                request,
                chat.provider(),
                adapters::canChat,
                () -> OpenAiException.providerUnavailable(
                        "No provider can serve model '%s' right now.".formatted(chat.model())),
                (plan, candidates) -> ReservationAmount.worstCase(
                        chat.promptTokens(plan), chat.maxOutputTokens(plan, defaultMax), candidates));
        // The provider is told the very bound the reservation was computed for.
        long maxTokens = chat.maxTokensPerChoice(admitted.plan(), defaultMax);
        long promptTokens = chat.promptTokens(admitted.plan());
        return admission.run(
                request,
                admitted,
                () -> chat.stream()
                        ? stream(chat, request, admitted, maxTokens, promptTokens)
                        : answer(chat, request, admitted, maxTokens, promptTokens));
    }

    private ChatReply answer(
            ChatRequest chat, ProxiedRequest request, Admitted admitted, long maxTokens, long promptTokens) {
        Served<ObjectNode> served = router.call(
                request.requestId(),
                admitted.candidates(),
                candidate -> adapters.of(candidate).complete(candidate, chat.body(), maxTokens));
        ObjectNode answer = served.answer();
        TokenUsage tokens = CompletionUsage.of(answer, promptTokens);
        var event = usage.served(request, served.candidate(), tokens, admitted.reservationId(), null, 200, null);
        answer.put("model", chat.model());
        CompletionUsage.write(answer, tokens, event.cost());
        return new ChatReply.Completed(answer, served.candidate().providerName(), event.cost());
    }

    private ChatReply stream(
            ChatRequest chat, ProxiedRequest request, Admitted admitted, long maxTokens, long promptTokens) {
        Served<ChunkStream> served = router.call(
                request.requestId(),
                admitted.candidates(),
                candidate -> adapters.of(candidate).stream(candidate, chat.body(), maxTokens));
        return new ChatReply.Streaming(
                out -> relay(chat, request, admitted, served, promptTokens, out),
                served.candidate().providerName());
    }

    /**
     * Runs on the response's async thread once the headers are out. Whatever happens to the
     * stream, the request is billed for what it used, and billing settles the reservation from that
     * event; there is no fallback any more once a chunk reached the client.
     */
    private void relay(
            ChatRequest chat,
            ProxiedRequest request,
            Admitted admitted,
            Served<ChunkStream> served,
            long promptTokens,
            OutputStream out) {
        MDC.put(RequestIds.MDC_KEY, request.requestId());
        Candidate candidate = served.candidate();
        try {
            StreamRelay.Outcome outcome;
            try (ChunkStream upstream = served.answer()) {
                outcome = new StreamRelay(
                                json, chat.model(), chat.includeUsage(), tokens -> UsageCost.of(tokens, candidate))
                        .relay(upstream, out);
            }
            TokenUsage tokens = outcome.reported() != null
                    ? outcome.reported()
                    : new TokenUsage(promptTokens, TokenEstimates.ofCharacters(outcome.characters()));
            Long ttft =
                    outcome.firstContentNanos() == null ? null : request.millisSinceStart(outcome.firstContentNanos());
            var end = outcome.end();
            if (end == StreamRelay.End.UPSTREAM_FAILED) {
                log.warn("Provider {} broke the stream of request {}", candidate.providerName(), request.requestId());
            }
            // When the client goes away, the container interrupts this thread, and an interrupt
            // closes the JDBC socket mid-write: the usage would be lost and the provider's tokens
            // unbilled. So it is recorded on a thread of its own, and this one waits uninterruptibly.
            CompletableFuture.runAsync(
                            () -> usage.served(
                                    request,
                                    candidate,
                                    tokens,
                                    admitted.reservationId(),
                                    ttft,
                                    end.httpStatus,
                                    end.errorCode),
                            usageRecording)
                    .join();
        } catch (RuntimeException e) {
            // Nothing can be told to the client now; the reservation expires unsettled at billing.
            log.error("Usage of streamed request {} could not be recorded", request.requestId(), e);
        } finally {
            MDC.remove(RequestIds.MDC_KEY);
        }
    }
}
