package dev.aggregator.proxy.admission;

import dev.aggregator.proxy.openai.OpenAiException;
import dev.aggregator.proxy.routing.Candidate;
import dev.aggregator.proxy.routing.ProviderOverride;
import dev.aggregator.proxy.routing.RoutePlan;
import dev.aggregator.proxy.routing.RoutePlans;
import dev.aggregator.proxy.upstream.ProvidersExhausted;
import dev.aggregator.proxy.upstream.RequestRejected;
import dev.aggregator.proxy.usage.ProxiedRequest;
import dev.aggregator.proxy.usage.UsageRecorder;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * What every proxied request goes through around its provider calls: the route plan and the hold of
 * its worst case on the company's budget before ({@link #admit}, no call to billing while the
 * instance's lease covers it), and after a failure the hold given back before the error is
 * answered ({@link #run}); after success, the hold turns into spending once the request's usage is
 * durable ({@link #finished}).
 */
@Component
public class Admission {

    private static final Logger log = LoggerFactory.getLogger(Admission.class);

    private final RoutePlans routePlans;
    private final CompanyBudgets budgets;
    private final UsageRecorder usage;
    private final Clock clock;

    Admission(RoutePlans routePlans, CompanyBudgets budgets, UsageRecorder usage, Clock clock) {
        this.routePlans = routePlans;
        this.budgets = budgets;
        this.usage = usage;
        this.clock = clock;
    }

    /**
     * @param servable which candidates can serve this kind of request at all
     * @param noneServable the error when the plan has no such candidate
     * @param worstCase the most the request can cost with the usable candidates
     * @throws OpenAiException 403 ({@code model_not_allowed}) when the API key may not use the
     *     model; 402 ({@code insufficient_quota}) when the company's funds are below the worst case,
     *     or ({@code spend_limit_exceeded}) when a capped key's month has less room; 503 when
     *     billing is needed and cannot be reached
     */
    public Admitted admit(
            ProxiedRequest request,
            ProviderOverride override,
            Predicate<Candidate> servable,
            Supplier<OpenAiException> noneServable,
            BiFunction<RoutePlan, List<Candidate>, BigDecimal> worstCase) {
        return admit(request, override, servable, noneServable, null, worstCase);
    }

    /**
     * As above, trying a cheap upper bound of the worst case first: it is held when the instance's
     * current lease covers it as it stands (no refill, so funds are plentiful for this request), and
     * {@code worstCase}, dearer to compute (a prompt run through a tokenizer), is computed only
     * otherwise. Never admits on less than {@code worstCase}, as long as {@code bound ≥ worstCase}.
     *
     * @param bound a cheap upper bound of {@code worstCase}, or null to compute {@code worstCase}
     *     at once
     */
    public Admitted admit(
            ProxiedRequest request,
            ProviderOverride override,
            Predicate<Candidate> servable,
            Supplier<OpenAiException> noneServable,
            BiFunction<RoutePlan, List<Candidate>, BigDecimal> bound,
            BiFunction<RoutePlan, List<Candidate>, BigDecimal> worstCase) {
        var identity = request.identity();
        if (!identity.mayUseModel(request.model())) throw OpenAiException.modelNotAllowed(request.model());
        RoutePlan plan = routePlans.get(identity.companyId(), request.model(), override);
        List<Candidate> candidates = plan.usable(servable);
        if (candidates.isEmpty()) throw noneServable.get();
        var scope = BudgetScope.of(identity, clock);
        Hold hold = bound == null ? null : budgets.admitIfCovered(scope, bound.apply(plan, candidates));
        // A free offering holds nothing (leaseId null); its usage event settles nothing either.
        if (hold == null) hold = budgets.admit(scope, worstCase.apply(plan, candidates));
        return new Admitted(plan, candidates, hold);
    }

    /**
     * The request is over and its last usage event is durable: its worst case leaves the budget's
     * in-flight sum and its final cost joins what the lease spent. Once per request; a second call,
     * or one after {@link #run} gave the hold back, changes nothing.
     */
    public void finished(Admitted admitted, BigDecimal finalCost) {
        budgets.release(admitted.hold(), finalCost);
    }

    /**
     * Runs the provider part of an admitted request. If it fails, the hold is given back first (the
     * request costs nothing), then the failure is recorded for analytics, then the client's error
     * is thrown.
     */
    public <T> T run(ProxiedRequest request, Admitted admitted, Supplier<T> providerPart) {
        try {
            return providerPart.get();
        } catch (RequestRejected e) {
            fail(request, admitted, e.candidate(), e.status(), "upstream_rejected");
            throw e.toOpenAi(request.model());
        } catch (ProvidersExhausted e) {
            OpenAiException error = e.toOpenAi(request.model());
            fail(request, admitted, e.lastTried(), error.status().value(), error.code());
            throw error;
        } catch (RuntimeException e) {
            release(admitted);
            throw e;
        }
    }

    private void release(Admitted admitted) {
        budgets.release(admitted.hold(), BigDecimal.ZERO);
    }

    private void fail(ProxiedRequest request, Admitted admitted, Candidate lastTried, int status, String code) {
        release(admitted);
        try {
            usage.failed(request, lastTried, status, code);
        } catch (RuntimeException e) {
            log.warn("Failed request {} could not be recorded: {}", request.requestId(), e.getMessage());
        }
    }
}
