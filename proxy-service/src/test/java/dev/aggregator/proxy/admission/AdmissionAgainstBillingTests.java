package dev.aggregator.proxy.admission;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aggregator.common.identity.Identity;
import dev.aggregator.common.identity.InternalTokens;
import dev.aggregator.proxy.billing.LeaseClient;
import dev.aggregator.proxy.config.LeaseProperties;
import dev.aggregator.proxy.openai.OpenAiException;
import dev.aggregator.proxy.routing.RoutePlanSeeds;
import dev.aggregator.proxy.routing.RoutePlans;
import dev.aggregator.proxy.testsupport.Candidates;
import dev.aggregator.proxy.testsupport.ProxyClient;
import dev.aggregator.proxy.testsupport.ProxyWithRealBillingTest;
import dev.aggregator.proxy.testsupport.RealBilling;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Admission through the proxy's HTTP endpoint against the REAL billing-service (its jar, started by
 * {@link RealBilling}): leases granted, extended and closed for real, balances read back from
 * billing. Offerings are priced and served by the real mock-provider.
 */
@ProxyWithRealBillingTest
class AdmissionAgainstBillingTests {

    private static final String PATH = "/v1/chat/completions";
    /** 100 USD per million tokens in and out: 1000 output tokens are a worst case of about 0.10. */
    private static final String PRICE = "100";

    @Autowired
    ProxyClient proxy;

    @Autowired
    InternalTokens tokens;

    @Autowired
    RoutePlans plans;

    @Autowired
    CompanyBudgets budgets;

    @Autowired
    LeaseClient leaseClient;

    @Autowired
    LeaseFence fence;

    @Autowired
    JdbcClient jdbc;

    private final Identity caller = Identity.apiKey(UUID.randomUUID(), UUID.randomUUID(), Set.of("chat"));
    private final UUID company = caller.companyId();
    private final String model = "priced-" + UUID.randomUUID();

    private void offer(String providerModel) {
        RoutePlanSeeds.seed(plans, company, model, List.of(Candidates.mock("priced", providerModel, PRICE, PRICE)));
    }

    private String chat(int maxTokens) {
        return "{'model': '" + model + "', 'max_tokens': " + maxTokens
                + ", 'messages': [{'role': 'user', 'content': 'Hello'}]}";
    }

    @Test
    void aRequestWithinFundsIsAnsweredAndItsUnusedLeaseReturnsWithinFiveSeconds() {
        RealBilling.credit(tokens, company, "5.00");
        offer("mock-gpt");

        proxy.post(PATH, caller, chat(100)).expectStatus().isOk();
        var lease = budgets.budgetOf(company).state().leaseId();
        assertThat(lease).isNotNull();
        assertThat(RealBilling.reserved(tokens, company)).isPositive();
        long idleSince = System.nanoTime();

        awaitUpTo(
                Duration.ofSeconds(5),
                () -> RealBilling.reserved(tokens, company).signum() == 0);

        long tookMs = (System.nanoTime() - idleSince) / 1_000_000;
        System.out.printf("Unused lease back at billing %d ms after the answer%n", tookMs);
        var balance = RealBilling.balance(tokens, company);
        assertThat(balance.path("balance").decimalValue()).isLessThan(new BigDecimal("5.00"));
        assertThat(balance.path("available").decimalValue())
                .isEqualByComparingTo(balance.path("balance").decimalValue());
        assertThat(jdbc.sql("SELECT count(*) FROM lease WHERE id = ?")
                        .param(lease)
                        .query(Integer.class)
                        .single())
                .isZero();
    }

    @Test
    void aCappedKeyIsRefusedAWorstCaseBeyondItsMonthlyLimitNamingWhatRemains() {
        RealBilling.credit(tokens, company, "5.00");
        offer("mock-gpt");
        var capped = Identity.apiKey(company, UUID.randomUUID(), Set.of("chat"), new BigDecimal("0.05"), Set.of());

        var error = proxy.postRefused(PATH, capped, chat(1000), 402); // a worst case of about 0.10

        assertThat(error.path("code").asString()).isEqualTo("spend_limit_exceeded");
        assertThat(error.path("message").asString()).contains("monthly spend limit leaves only $0.05");
        proxy.post(PATH, capped, chat(10)).expectStatus().isOk(); // a smaller worst case fits
        // The company's funds are not the limit: an uncapped key still gets the large request.
        proxy.post(PATH, caller, chat(1000)).expectStatus().isOk();
    }

    @Test
    void aKeyRestrictedToOtherModelsGetsA403() {
        RealBilling.credit(tokens, company, "5.00");
        offer("mock-gpt");
        var restricted = Identity.apiKey(company, UUID.randomUUID(), Set.of("chat"), null, Set.of("some-other-model"));

        var error = proxy.postRefused(PATH, restricted, chat(10), 403);

        assertThat(error.path("code").asString()).isEqualTo("model_not_allowed");
    }

    @Test
    void aWorstCaseAboveTheAvailableFundsIsA402ThatSaysWhatIsAvailable() {
        RealBilling.credit(tokens, company, "0.01");
        offer("mock-gpt");

        var error = proxy.postRefused(PATH, caller, chat(1000), 402);

        assertThat(error.path("code").asString()).isEqualTo("insufficient_quota");
        var figures = Pattern.compile("needs up to \\$([0-9.]+) but only \\$([0-9.]+) is available")
                .matcher(error.path("message").asString());
        assertThat(figures.find()).as(error.toString()).isTrue();
        assertThat(new BigDecimal(figures.group(1))).isGreaterThan(new BigDecimal("0.10"));
        assertThat(new BigDecimal(figures.group(2))).isEqualByComparingTo("0.01");
        assertThat(RealBilling.reserved(tokens, company)).isEqualByComparingTo("0");
        // A request whose worst case fits the 0.01 is admitted.
        proxy.post(PATH, caller, chat(10)).expectStatus().isOk();
    }

    @Test
    void aFailedPricedRequestGivesItsHoldBack() {
        RealBilling.credit(tokens, company, "5.00");
        offer("mock-gpt-fail-503");

        proxy.post(PATH, caller, chat(100)).expectStatus().is5xxServerError();

        var state = budgets.budgetOf(company).state();
        assertThat(state.inFlightCount()).isZero();
        assertThat(state.inFlight()).isEqualByComparingTo("0");
        assertThat(state.spent()).isEqualByComparingTo("0");
        awaitUpTo(
                Duration.ofSeconds(5),
                () -> RealBilling.reserved(tokens, company).signum() == 0);
        assertThat(RealBilling.balance(tokens, company).path("balance").decimalValue())
                .isEqualByComparingTo("5.00");
    }

    @Test
    void twoInstancesAdmittingForOneCompanyNeverHoldMoreThanItHas() throws Exception {
        RealBilling.credit(tokens, company, "0.50");
        var properties = LeaseProperties.defaults();
        var one = new CompanyBudgets(new Leases(leaseClient, fence), properties);
        var two = new CompanyBudgets(new Leases(leaseClient, fence), properties);
        var worstCase = new BigDecimal("0.01230000");
        var holds = new ConcurrentLinkedQueue<Hold>();
        int threads = 8;
        var barrier = new CyclicBarrier(threads);
        var futures = new ArrayList<Future<?>>();
        try (var pool = Executors.newFixedThreadPool(threads)) {
            for (int t = 0; t < threads; t++) {
                var instance = t % 2 == 0 ? one : two;
                futures.add(pool.submit(() -> {
                    barrier.await();
                    for (int i = 0; i < 40; i++) {
                        try {
                            holds.add(instance.admit(BudgetScope.company(company), worstCase));
                        } catch (OpenAiException e) {
                            if (e.status().value() != 402) throw e;
                        }
                    }
                    return null;
                }));
            }
            for (var future : futures) future.get();
        }

        var held = worstCase.multiply(BigDecimal.valueOf(holds.size()));
        var granted = one.budgetOf(company)
                .state()
                .granted()
                .add(two.budgetOf(company).state().granted());
        System.out.printf(
                "Two instances admitted %d holds (%s) on leases of %s out of 0.50%n", holds.size(), held, granted);
        assertThat(held).isLessThanOrEqualTo(granted);
        assertThat(granted).isLessThanOrEqualTo(new BigDecimal("0.50"));
        assertThat(RealBilling.reserved(tokens, company)).isEqualByComparingTo(granted);
        assertThat(holds.size()).as("0.50 covers 40 requests of 0.0123").isGreaterThanOrEqualTo(20);

        holds.forEach(hold -> (one.budgetOf(company).state().leaseId().equals(hold.leaseId()) ? one : two)
                .release(hold, BigDecimal.ZERO));
        one.closeAllWithNothingInFlight();
        two.closeAllWithNothingInFlight();
        assertThat(RealBilling.reserved(tokens, company)).isEqualByComparingTo("0");
    }

    @Test
    void theLeaseOfAKilledInstanceIsClosedByAReaperWithWhatItRecorded() {
        RealBilling.credit(tokens, company, "2.00");
        var deadInstance = UUID.randomUUID();
        var granted = leaseClient.grant(new LeaseClient.GrantRequest(
                company, deadInstance.toString(), new BigDecimal("1.00"), new BigDecimal("1.00"), null, null, null));
        jdbc.sql("""
                INSERT INTO lease (id, company_id, instance_id, state, recorded_cost, heartbeat_at)
                VALUES (?, ?, ?, 'ACTIVE', 0.05, now() - interval '1 minute')""").params(granted.leaseId(), company, deadInstance).update();
        assertThat(RealBilling.reserved(tokens, company)).isEqualByComparingTo("1.00");

        awaitUpTo(
                Duration.ofSeconds(15),
                () -> jdbc.sql("SELECT count(*) FROM lease WHERE id = ?")
                                .param(granted.leaseId())
                                .query(Integer.class)
                                .single()
                        == 0);

        // Closed with its recorded 0.05: the rest is back, the 0.05 stays held until its usage settles.
        assertThat(RealBilling.reserved(tokens, company)).isEqualByComparingTo("0.05");
    }

    private static void awaitUpTo(Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("not within " + timeout);
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
