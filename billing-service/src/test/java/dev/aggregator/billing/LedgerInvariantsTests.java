package dev.aggregator.billing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aggregator.billing.balance.AdjustBalanceRequest;
import dev.aggregator.billing.balance.BalanceAdjustments;
import dev.aggregator.billing.ledger.Ledger;
import dev.aggregator.billing.reservations.ReservationExpiryJob;
import dev.aggregator.billing.reservations.Reservations;
import dev.aggregator.billing.reservations.ReserveRequest;
import dev.aggregator.billing.usage.UsageSettlementListener;
import dev.aggregator.common.events.UsageRecorded;
import dev.aggregator.common.identity.Identity;
import dev.aggregator.common.web.ApiException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;

/**
 * Property test of the money rules: random sequences of credits, debits, reservations, releases,
 * settlements (with random costs, failures and redeliveries), idempotent retries and expiries run
 * through the service layer against the real database. After every step the account must match
 * a simple model and the ledger invariants must hold; every refused step must change nothing.
 *
 * <p>Each sequence has its own seed, shown in the test name. Re-run one failing sequence with
 * {@code -Dledger-invariants.seed=<seed>}.
 */
class LedgerInvariantsTests extends BillingIntegrationTest {

    private static final int SEQUENCES = 50;

    @Autowired
    BalanceAdjustments adjustments;

    @Autowired
    Reservations reservations;

    @Autowired
    ReservationExpiryJob expiryJob;

    @Autowired
    UsageSettlementListener settlements;

    @Autowired
    Ledger ledger;

    static Stream<Long> seeds() {
        Long pinned = Long.getLong("ledger-invariants.seed");
        if (pinned != null) return Stream.of(pinned);
        var base = new Random();
        return LongStream.generate(base::nextLong).limit(SEQUENCES).boxed();
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void everyStepKeepsTheLedgerBalancedAndEveryRefusalChangesNothing(long seed) {
        new Sequence(new Random(seed)).run(seed);
    }

    /** What the account should look like, kept independently of the code under test. */
    private static final class Model {
        BigDecimal balance = BigDecimal.ZERO;
        final Map<UUID, BigDecimal> held = new LinkedHashMap<>();
        final Map<UUID, String> requestIds = new LinkedHashMap<>();
        final List<UUID> ended = new ArrayList<>();

        BigDecimal reserved() {
            return held.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add);
        }

        BigDecimal available() {
            return balance.subtract(reserved());
        }
    }

    private record Replay(String key, AdjustBalanceRequest request) {}

    private final class Sequence {

        private final Random random;
        private final UUID company = UUID.randomUUID();
        private final Identity admin = platformAdmin();
        private final Model model = new Model();
        private final List<UsageRecorded> delivered = new ArrayList<>();
        private final List<Replay> replays = new ArrayList<>();
        private final List<String> trace = new ArrayList<>();

        Sequence(Random random) {
            this.random = random;
        }

        void run(long seed) {
            int steps = 10 + random.nextInt(21);
            for (int i = 0; i < steps; i++) {
                try {
                    step();
                    assertInvariants();
                } catch (AssertionError e) {
                    throw new AssertionError(
                            "seed " + seed + ", company " + company + ", after:\n  " + String.join("\n  ", trace), e);
                }
            }
        }

        private void step() {
            switch (random.nextInt(10)) {
                case 0, 1 -> credit();
                case 2 -> debit();
                case 3, 4 -> reserve();
                case 5 -> release();
                case 6, 7 -> settle();
                case 8 -> retry();
                default -> expire();
            }
        }

        private void credit() {
            var amount = amount();
            String key = random.nextBoolean() ? "k-" + UUID.randomUUID() : null;
            var request = new AdjustBalanceRequest(amount, "CREDIT", company, null);
            trace.add("credit " + amount + (key == null ? "" : " with key"));
            adjustments.adjust(admin, request, key, "127.0.0.1");
            model.balance = model.balance.add(amount);
            if (key != null) replays.add(new Replay(key, request));
        }

        private void debit() {
            // A third exactly at the available funds, a third one unit above them, a third anywhere.
            var amount = switch (random.nextInt(3)) {
                case 0 -> model.available();
                case 1 -> model.available().add(new BigDecimal("0.00000001"));
                default -> amount();
            };
            if (amount.signum() <= 0) amount = amount();
            var request = new AdjustBalanceRequest(amount, "DEBIT", company, null);
            trace.add("debit " + amount + " (available " + model.available() + ")");
            if (amount.compareTo(model.available()) > 0) {
                refused(HttpStatus.CONFLICT, () -> adjustments.adjust(admin, request, "k-" + UUID.randomUUID(), null));
            } else {
                adjustments.adjust(admin, request, null, null);
                model.balance = model.balance.subtract(amount);
            }
        }

        private void reserve() {
            var amount = random.nextInt(8) == 0 ? BigDecimal.ZERO : amount();
            var requestId = "req_" + UUID.randomUUID();
            var request = new ReserveRequest(requestId, company, null, amount);
            trace.add("reserve " + amount + " (available " + model.available() + ")");
            if (amount.compareTo(model.available()) > 0) {
                refused(HttpStatus.PAYMENT_REQUIRED, () -> reservations.reserve(request));
            } else {
                var reservation = reservations.reserve(request);
                model.held.put(reservation.reservationId(), amount);
                model.requestIds.put(reservation.reservationId(), requestId);
            }
        }

        private void release() {
            var id = anyReservation();
            trace.add("release " + id);
            if (id == null) return;
            reservations.release(id);
            if (model.held.remove(id) != null) model.ended.add(id);
        }

        private void settle() {
            UUID reservation = random.nextInt(4) == 0 ? null : anyReservation();
            var cost = random.nextInt(5) == 0 ? BigDecimal.ZERO : amount();
            boolean success = random.nextInt(5) != 0;
            var event = new UsageRecorded(
                    UUID.randomUUID(),
                    Instant.now(),
                    "req_" + UUID.randomUUID(),
                    company,
                    null,
                    null,
                    "/v1/chat/completions",
                    "m",
                    UUID.randomUUID(),
                    "p",
                    "pm",
                    false,
                    success ? UsageRecorded.SUCCESS : UsageRecorded.ERROR,
                    success ? 200 : 502,
                    null,
                    1,
                    1,
                    BigDecimal.ONE,
                    BigDecimal.ONE,
                    cost,
                    reservation,
                    1,
                    null);
            trace.add("settle " + (success ? "success" : "error") + " cost " + cost + " reservation " + reservation);
            settlements.on(event);
            delivered.add(event);
            if (reservation != null && model.held.remove(reservation) != null) model.ended.add(reservation);
            model.balance = model.balance.subtract(cost);
        }

        /** A retry of something already done: it must change nothing. */
        private void retry() {
            int kind = random.nextInt(3);
            if (kind == 0 && !delivered.isEmpty()) {
                var event = delivered.get(random.nextInt(delivered.size()));
                trace.add("redeliver " + event.eventId());
                unchanged(() -> settlements.on(event));
            } else if (kind == 1 && !replays.isEmpty()) {
                var replay = replays.get(random.nextInt(replays.size()));
                trace.add("replay credit " + replay.request().amount());
                unchanged(() -> {
                    var outcome = adjustments.adjust(admin, replay.request(), replay.key(), null);
                    assertThat(outcome.replayed()).isTrue();
                });
            } else if (!model.held.isEmpty()) {
                var id = model.held.keySet().iterator().next();
                var request = new ReserveRequest(model.requestIds.get(id), company, null, model.held.get(id));
                trace.add("repeat reservation " + id);
                unchanged(() -> assertThat(reservations.reserve(request).reservationId())
                        .isEqualTo(id));
                var conflicting = new ReserveRequest(
                        request.requestId(), company, null, request.amount().add(new BigDecimal("0.00000001")));
                trace.add("reuse its request id for another amount");
                refused(HttpStatus.CONFLICT, () -> reservations.reserve(conflicting));
            } else {
                trace.add("nothing to retry");
            }
        }

        private void expire() {
            if (model.held.isEmpty()) {
                trace.add("expire: nothing held");
                unchanged(expiryJob::expireOverdue);
                return;
            }
            var ids = new ArrayList<>(model.held.keySet());
            var id = ids.get(random.nextInt(ids.size()));
            trace.add("expire " + id);
            jdbc.sql("UPDATE reservation SET expires_at = now() - interval '1 second' WHERE id = ?")
                    .param(id)
                    .update();
            expiryJob.expireOverdue();
            model.held.remove(id);
            model.ended.add(id);
        }

        /** Between 0.00000001 and 20, at every precision up to 8 places. */
        private BigDecimal amount() {
            int scale = random.nextInt(9);
            long max = 20 * (long) Math.pow(10, scale);
            return BigDecimal.valueOf(1 + (long) (random.nextDouble() * max), scale);
        }

        private UUID anyReservation() {
            var all = new ArrayList<UUID>(model.held.keySet());
            all.addAll(model.ended);
            return all.isEmpty() ? null : all.get(random.nextInt(all.size()));
        }

        private void refused(HttpStatus status, Runnable action) {
            unchanged(() -> assertThatThrownBy(action::run)
                    .isInstanceOfSatisfying(
                            ApiException.class, e -> assertThat(e.status()).isEqualTo(status)));
        }

        private void unchanged(Runnable action) {
            var before = snapshot();
            action.run();
            assertThat(snapshot()).as("state after a refused or repeated step").isEqualTo(before);
        }

        private String snapshot() {
            return jdbc.sql("""
                            SELECT concat_ws(' | ',
                                (SELECT balance || '/' || reserved FROM account WHERE company_id = :c),
                                (SELECT count(*) FROM ledger_entry WHERE company_id = :c),
                                (SELECT string_agg(id || '=' || status, ',' ORDER BY id) FROM reservation WHERE company_id = :c),
                                (SELECT count(*) FROM outbox_event WHERE payload ->> 'company_id' = :text),
                                (SELECT count(*) FROM idempotency_key WHERE scope_company_id = :admin))""")
                    .param("c", company)
                    .param("text", company.toString())
                    .param("admin", admin.companyId())
                    .query(String.class)
                    .single();
        }

        private void assertInvariants() {
            var account = ledger.balance(company);
            assertThat(account.balance()).as("balance = model").isEqualByComparingTo(model.balance);
            assertThat(account.reserved()).as("reserved = model").isEqualByComparingTo(model.reserved());
            assertThat(account.reserved().signum()).as("reserved >= 0").isGreaterThanOrEqualTo(0);
            assertThat(account.available())
                    .as("available = balance - reserved")
                    .isEqualByComparingTo(account.balance().subtract(account.reserved()));
            assertLedgerMatchesAccountIfOpen();
        }

        private void assertLedgerMatchesAccountIfOpen() {
            boolean open = jdbc.sql("SELECT count(*) FROM account WHERE company_id = ?")
                            .param(company)
                            .query(Long.class)
                            .single()
                    == 1;
            if (open) assertLedgerMatchesAccount(company);
        }
    }
}
