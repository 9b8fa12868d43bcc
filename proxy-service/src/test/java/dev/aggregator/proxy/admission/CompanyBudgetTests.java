package dev.aggregator.proxy.admission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aggregator.proxy.billing.FundsShort;
import dev.aggregator.proxy.billing.LeaseEnded;
import dev.aggregator.proxy.openai.OpenAiException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The in-memory admission rules of one company's budget, against a billing stand-in that sizes
 * grants by billing's rule: {@code min(desired, max(minimum, floor8(available / 4)))}, refused iff
 * available is below the minimum.
 */
class CompanyBudgetTests {

    private static final UUID COMPANY = UUID.randomUUID();
    private static final long IDLE = Duration.ofSeconds(2).toNanos();

    /** Billing's lease arithmetic for one company, and a count of the calls that reached it. */
    static final class Billing implements LeaseSource {

        private BigDecimal available;
        private final Map<UUID, BigDecimal> amounts = new HashMap<>();
        private final Set<UUID> ended = new HashSet<>();
        final List<UUID> closed = new ArrayList<>();
        int calls;

        Billing(String available) {
            this.available = new BigDecimal(available);
        }

        @Override
        public synchronized Lease open(BudgetScope scope, BigDecimal minimum, BigDecimal desired) {
            calls++;
            var id = UUID.randomUUID();
            amounts.put(id, take(minimum, desired));
            return new Lease(id, amounts.get(id));
        }

        @Override
        public synchronized BigDecimal extend(UUID leaseId, BigDecimal minimum, BigDecimal desired) {
            calls++;
            if (ended.contains(leaseId)) throw new LeaseEnded(leaseId);
            return amounts.merge(leaseId, take(minimum, desired), BigDecimal::add);
        }

        @Override
        public synchronized void close(UUID companyId, UUID leaseId) {
            closed.add(leaseId);
            ended.add(leaseId);
        }

        synchronized void end(UUID leaseId) {
            ended.add(leaseId);
        }

        synchronized BigDecimal totalGranted() {
            return amounts.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add);
        }

        private BigDecimal take(BigDecimal minimum, BigDecimal desired) {
            BigDecimal quarter = available.divide(BigDecimal.valueOf(4), 8, RoundingMode.FLOOR);
            BigDecimal grant = desired.min(minimum.max(quarter));
            if (available.compareTo(grant) < 0) throw new FundsShort(minimum, available);
            available = available.subtract(grant);
            return grant;
        }
    }

    /** Background refills wait here until the test runs them, so every step is deterministic. */
    private final ConcurrentLinkedQueue<Runnable> background = new ConcurrentLinkedQueue<>();

    private final AtomicLong now = new AtomicLong(1_000_000_000L);

    private CompanyBudget budget(Billing billing, String slice) {
        return new CompanyBudget(
                BudgetScope.company(COMPANY), billing, new BigDecimal(slice), background::add, now::get);
    }

    private void runBackground() {
        Runnable task;
        while ((task = background.poll()) != null) task.run();
    }

    private static BigDecimal usd(String amount) {
        return new BigDecimal(amount);
    }

    @Test
    void theFirstRequestOpensALeaseOfASliceAndTheNextOnesCallNobody() {
        var billing = new Billing("100");
        var budget = budget(billing, "1.00");

        var first = budget.admit(usd("0.01"));
        for (int i = 0; i < 9; i++) budget.admit(usd("0.01"));

        assertThat(billing.calls).isEqualTo(1);
        assertThat(first.leaseId()).isNotNull();
        var state = budget.state();
        assertThat(state.granted()).isEqualByComparingTo("1.00");
        assertThat(state.inFlight()).isEqualByComparingTo("0.10");
        assertThat(state.inFlightCount()).isEqualTo(10);
        assertThat(background).isEmpty();
    }

    /** What admission tries first with a prompt's free bound: the lease as it stands, or nothing. */
    @Test
    void aWorstCaseIsHeldWithoutBillingOnlyWhenTheCurrentLeaseCoversIt() {
        var billing = new Billing("100");
        var budget = budget(billing, "1.00");

        assertThat(budget.admitIfCovered(usd("0.01"))).as("no lease yet").isNull();
        assertThat(billing.calls).isZero();
        budget.admit(usd("0.01")); // opens a lease of 1.00
        var covered = budget.admitIfCovered(usd("0.50"));
        assertThat(covered).isNotNull();
        assertThat(covered.leaseId()).isEqualTo(budget.state().leaseId());
        assertThat(budget.admitIfCovered(usd("0.50")))
                .as("0.99 would be more than granted")
                .isNull();
        assertThat(billing.calls).isEqualTo(1);
        assertThat(budget.state().inFlight()).isEqualByComparingTo("0.51");
        budget.release(covered, usd("0.002"));
        assertThat(budget.state().inFlight()).isEqualByComparingTo("0.01");
        assertThat(budget.state().spent()).isEqualByComparingTo("0.002");
    }

    @Test
    void aLargeWorstCaseAsksForTenTimesItself() {
        var billing = new Billing("100");
        var budget = budget(billing, "1.00");

        budget.admit(usd("0.50"));

        assertThat(budget.state().granted()).isEqualByComparingTo("5.00");
    }

    @Test
    void aFreeRequestHoldsNothingAndTakesNoLease() {
        var billing = new Billing("0");
        var budget = budget(billing, "1.00");

        var hold = budget.admit(BigDecimal.ZERO);

        assertThat(hold.leaseId()).isNull();
        assertThat(billing.calls).isZero();
        assertThat(budget.state().leaseId()).isNull();
    }

    @Test
    void underHalfASliceLeftARefillRunsInTheBackground() {
        var billing = new Billing("100");
        var budget = budget(billing, "1.00");
        budget.admit(usd("0.04"));
        for (int i = 0; i < 5; i++) budget.admit(usd("0.09"));
        assertThat(background).as("0.51 left of 1.00").isEmpty();

        budget.admit(usd("0.09"));
        assertThat(background).as("0.42 left of 1.00").hasSize(1);
        runBackground();

        assertThat(billing.calls).isEqualTo(2);
        assertThat(budget.state().granted()).isEqualByComparingTo("2.00");
    }

    /**
     * With little money billing grants a quarter of what is left, not a slice: refilling ahead of
     * need would then take what another instance's requests could use, so refills wait for need.
     */
    @Test
    void whenBillingGrantsLessThanASliceNoRefillRunsAhead() {
        var billing = new Billing("2");
        var budget = budget(billing, "1.00");
        budget.admit(usd("0.04"));
        assertThat(budget.state().granted()).as("a quarter of 2").isEqualByComparingTo("0.50");

        for (int i = 0; i < 5; i++) budget.admit(usd("0.09"));
        assertThat(background).as("0.01 left, funds short: no refill ahead").isEmpty();
        assertThat(billing.calls).isEqualTo(1);

        budget.admit(usd("0.09"));
        assertThat(billing.calls)
                .as("a request that does not fit refills for itself")
                .isEqualTo(2);
    }

    @Test
    void aRequestThatDoesNotFitWaitsForAnExtensionOfItsShortfallAtLeast() {
        var billing = new Billing("0.30");
        var budget = budget(billing, "1.00");
        // 0.30 available: the grant is min(1.00, max(0.10, 0.075)) = 0.10, less than a slice, so
        // nothing is refilled ahead of need.
        budget.admit(usd("0.10"));
        runBackground();
        assertThat(budget.state().granted()).isEqualByComparingTo("0.10");

        budget.admit(usd("0.15"));

        // Nothing left, 0.20 at billing: the extension is min(1.50, max(0.15, 0.05)) = 0.15.
        var state = budget.state();
        assertThat(state.granted()).isEqualByComparingTo("0.25");
        assertThat(state.inFlight()).isEqualByComparingTo("0.25");
        assertThat(billing.calls).isEqualTo(2);
    }

    @Test
    void refusedExactlyWhenTheWorstCaseExceedsWhatIsAvailable() {
        var billing = new Billing("0.30");
        var budget = budget(billing, "1.00");

        assertThatThrownBy(() -> budget.admit(usd("0.30000001"))).isInstanceOfSatisfying(OpenAiException.class, e -> {
            assertThat(e.status().value()).isEqualTo(402);
            assertThat(e.code()).isEqualTo("insufficient_quota");
            assertThat(e.getMessage()).contains("$0.30000001").contains("$0.30000000 is available");
        });
        assertThat(budget.admit(usd("0.30")).leaseId()).isNotNull();
    }

    @Test
    void aRefusalCountsWhatIsStillLeftInTheLeaseAsAvailable() {
        var billing = new Billing("1.00");
        var budget = budget(billing, "1.00");
        var first = budget.admit(usd("0.80")); // a lease of 0.80; 0.20 left at billing
        runBackground(); // asks for 0.80 more: refused, quietly
        budget.release(first, usd("0.70")); // 0.10 left in the lease

        assertThatThrownBy(() -> budget.admit(usd("0.40"))).isInstanceOfSatisfying(OpenAiException.class, e -> {
            assertThat(e.status().value()).isEqualTo(402);
            assertThat(e.getMessage()).contains("$0.40").contains("only $0.30 is available");
        });
        assertThat(budget.admit(usd("0.30")).leaseId()).isEqualTo(first.leaseId());
    }

    @Test
    void aFinishedRequestMovesItsWorstCaseOutAndItsCostIntoSpentOnce() {
        var budget = budget(new Billing("100"), "1.00");
        var hold = budget.admit(usd("0.10"));
        budget.admit(usd("0.05"));

        budget.release(hold, usd("0.04"));
        budget.release(hold, usd("0.04"));

        var state = budget.state();
        assertThat(state.spent()).isEqualByComparingTo("0.04");
        assertThat(state.inFlight()).isEqualByComparingTo("0.05");
        assertThat(state.inFlightCount()).isEqualTo(1);
    }

    @Test
    void twoRequestsWithEqualHoldsAreStillTwo() {
        var budget = budget(new Billing("100"), "1.00");
        var one = budget.admit(usd("0.10"));
        var two = budget.admit(usd("0.10"));
        assertThat(one).isEqualTo(two);

        budget.release(one, usd("0.10"));

        assertThat(budget.state().inFlightCount()).isEqualTo(1);
        assertThat(budget.state().inFlight()).isEqualByComparingTo("0.10");
    }

    @Test
    void anIdleLeaseIsDetachedAfterTheIdleTimeAndNeverWhileARequestRuns() {
        var budget = budget(new Billing("100"), "1.00");
        var hold = budget.admit(usd("0.10"));

        now.addAndGet(IDLE * 5);
        assertThat(budget.detachIfIdle(IDLE)).isNull();

        budget.release(hold, usd("0.02"));
        now.addAndGet(IDLE - 1);
        assertThat(budget.detachIfIdle(IDLE)).isNull();

        now.addAndGet(1);
        assertThat(budget.detachIfIdle(IDLE)).isEqualTo(hold.leaseId());
        assertThat(budget.state().leaseId()).isNull();
        assertThat(budget.state().granted()).isEqualByComparingTo("0");
    }

    @Test
    void afterItsLeaseIsDetachedALateFinishChangesNothingAndTheNextRequestOpensANewLease() {
        var billing = new Billing("100");
        var budget = budget(billing, "1.00");
        var hold = budget.admit(usd("0.10"));
        assertThat(budget.drop(hold.leaseId())).isTrue();

        budget.release(hold, usd("0.10"));
        var next = budget.admit(usd("0.10"));

        assertThat(next.leaseId()).isNotEqualTo(hold.leaseId());
        assertThat(budget.state().spent()).isEqualByComparingTo("0");
        assertThat(budget.state().inFlight()).isEqualByComparingTo("0.10");
        assertThat(billing.calls).isEqualTo(2);
    }

    @Test
    void aLeaseBillingEndedIsReplacedAndClosed() {
        var billing = new Billing("100");
        var budget = budget(billing, "1.00");
        var first = budget.admit(usd("0.09"));
        billing.end(first.leaseId());
        for (int i = 0; i < 5; i++) budget.admit(usd("0.09"));
        assertThat(background)
                .as("0.46 left: the extension that finds the lease ended")
                .hasSize(1);

        runBackground();
        var next = budget.admit(usd("0.09"));

        assertThat(next.leaseId()).isNotEqualTo(first.leaseId());
        assertThat(billing.closed).contains(first.leaseId());
        assertThat(budget.state().inFlight()).isEqualByComparingTo("0.09");
        assertThat(budget.state().inFlightCount()).isEqualTo(1);
    }

    @Test
    void requestsWaitingOnARefusedRefillThatCannotFitAreRefusedWithoutAskingBillingAgain() throws Exception {
        var asked = new java.util.concurrent.atomic.AtomicInteger();
        var answer = new java.util.concurrent.CountDownLatch(1);
        LeaseSource shortBilling = new LeaseSource() {
            @Override
            public Lease open(BudgetScope scope, BigDecimal minimum, BigDecimal desired) {
                asked.incrementAndGet();
                try {
                    answer.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                throw new FundsShort(minimum, usd("0.05"));
            }

            @Override
            public BigDecimal extend(UUID leaseId, BigDecimal minimum, BigDecimal desired) {
                throw new AssertionError("no lease to extend");
            }

            @Override
            public void close(UUID companyId, UUID leaseId) {}
        };
        var budget =
                new CompanyBudget(BudgetScope.company(COMPANY), shortBilling, usd("10"), background::add, now::get);
        int requests = 20;
        var refused = new java.util.concurrent.atomic.AtomicInteger();
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            var futures = new ArrayList<Future<?>>();
            for (int i = 0; i < requests; i++) {
                futures.add(pool.submit(() -> {
                    try {
                        budget.admit(usd("1.00"));
                    } catch (OpenAiException e) {
                        assertThat(e.status().value()).isEqualTo(402);
                        refused.incrementAndGet();
                    }
                }));
            }
            while (asked.get() == 0) Thread.sleep(5);
            Thread.sleep(100); // the others queue behind the first refill
            answer.countDown();
            for (var future : futures) future.get();
        }

        assertThat(refused.get()).isEqualTo(requests);
        assertThat(asked.get())
                .as("billing calls for %d refused requests", requests)
                .isLessThan(requests / 2);
    }

    @Test
    void manyThreadsAdmittingAtOnceNeverHoldMoreThanWasGranted() throws Exception {
        var billing = new Billing("5.00");
        Executor realBackground = Executors.newVirtualThreadPerTaskExecutor();
        var budget = new CompanyBudget(
                BudgetScope.company(COMPANY), billing, new BigDecimal("0.50"), realBackground, System::nanoTime);
        int threads = 32;
        var barrier = new CyclicBarrier(threads);
        var violations = new ConcurrentLinkedQueue<String>();
        var admitted = new ConcurrentLinkedQueue<BigDecimal>();
        var refused = new AtomicLong();
        var futures = new ArrayList<Future<?>>();
        try (var pool = Executors.newFixedThreadPool(threads)) {
            for (int t = 0; t < threads; t++) {
                long seed = 42 + t;
                futures.add(pool.submit(() -> {
                    var random = new Random(seed);
                    barrier.await();
                    for (int i = 0; i < 200; i++) {
                        var worstCase = BigDecimal.valueOf(1 + random.nextInt(2_000_000), 8);
                        try {
                            var hold = budget.admit(worstCase);
                            var state = budget.state();
                            if (state.left().signum() < 0) violations.add(state.toString());
                            var cost = worstCase
                                    .multiply(BigDecimal.valueOf(random.nextInt(101)))
                                    .divide(BigDecimal.valueOf(100), 8, RoundingMode.DOWN);
                            admitted.add(cost);
                            budget.release(hold, cost);
                        } catch (OpenAiException e) {
                            if (e.status().value() != 402) throw e;
                            refused.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            for (var future : futures) future.get();
        }

        assertThat(violations).isEmpty();
        var state = budget.state();
        assertThat(state.inFlight()).isEqualByComparingTo("0");
        assertThat(state.inFlightCount()).isZero();
        // Everything spent under the current lease fits in it, and no lease took more than billing had.
        assertThat(state.spent()).isLessThanOrEqualTo(state.granted());
        assertThat(billing.totalGranted()).isLessThanOrEqualTo(usd("5.00"));
        BigDecimal spentInAll = admitted.stream().reduce(BigDecimal.ZERO, BigDecimal::add);
        assertThat(spentInAll).isLessThanOrEqualTo(billing.totalGranted());
        assertThat(refused.get())
                .as("the 5.00 run out before 6400 requests of up to 0.02")
                .isPositive();
    }
}
