package dev.aggregator.billing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aggregator.billing.balance.AdjustBalanceRequest;
import dev.aggregator.billing.balance.BalanceAdjustments;
import dev.aggregator.billing.leases.LeaseExpiryJob;
import dev.aggregator.billing.ledger.Ledger;
import dev.aggregator.billing.subscriptions.SubscriptionRenewalJob;
import dev.aggregator.billing.usage.UsageSettlement;
import dev.aggregator.common.events.UsageRecorded;
import dev.aggregator.common.identity.Identity;
import dev.aggregator.common.web.ApiException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.amqp.AmqpRejectAndDontRequeueException;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Property tests of the money rules with budget leases, against the real database: random
 * sequences of credits, debits, lease grants, extensions, closes and expiries, usage settlement
 * (cumulative checkpoints, replays, late events, another company's lease id, invalid events),
 * plan packages (subscribing, drawing, period ends with renewal, retry or lapse, leftovers
 * expiring) and a capped API key's leases. After every step the account must match a model kept
 * here and the invariants must hold: {@code account.reserved = Σ held(lease)}, {@code reserved >=
 * 0}, {@code sum(ledger) = balance}, {@code sum(package entries) = package}, the key's {@code
 * reserved = Σ held} of its leases and its spend = the model's; every refused step must change
 * nothing. A concurrent variant races the same
 * operations on one company from threads started behind a barrier.
 *
 * <p>Seeds come from a fixed base, so every run replays the same sequences; each is shown in
 * the test name. Re-run one with {@code -Dledger-invariants.seed=<seed>}, or other ones with
 * {@code -Dledger-invariants.base-seed=<n>}.
 */
class LedgerInvariantsTests extends BillingIntegrationTest {

    private static final int SEQUENCES = 40;
    private static final int CONCURRENT_ROUNDS = 3;
    private static final BigDecimal QUARTER_FLOOR = new BigDecimal("4");

    @Autowired
    BalanceAdjustments adjustments;

    @Autowired
    UsageSettlement settlement;

    @Autowired
    LeaseExpiryJob expiryJob;

    @Autowired
    Ledger ledger;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    SubscriptionRenewalJob renewals;

    /** A plan the sequences can afford: a package of 11 for 9.90. */
    private static final String PLAN = "ledger-invariants";

    private static final BigDecimal PLAN_PRICE = new BigDecimal("9.9");
    private static final BigDecimal PLAN_PACKAGE = new BigDecimal("11");

    private final ExecutorService threads = Executors.newCachedThreadPool();

    @AfterEach
    void stopThreads() {
        threads.shutdownNow();
    }

    static Stream<Long> seeds() {
        Long pinned = Long.getLong("ledger-invariants.seed");
        if (pinned != null) return Stream.of(pinned);
        var base = new Random(Long.getLong("ledger-invariants.base-seed", 20_260_512L));
        return LongStream.generate(base::nextLong).limit(SEQUENCES).boxed();
    }

    static Stream<Long> concurrentSeeds() {
        Long pinned = Long.getLong("ledger-invariants.seed");
        if (pinned != null) return Stream.of(pinned);
        var base = new Random(Long.getLong("ledger-invariants.base-seed", 20_260_512L) + 1);
        return LongStream.generate(base::nextLong).limit(CONCURRENT_ROUNDS).boxed();
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void everyStepKeepsTheLedgerBalancedAndEveryRefusalChangesNothing(long seed) {
        new Sequence(new Random(seed)).run(seed);
    }

    /** The lease rules, kept independently of the code under test. */
    private static final class ModelLease {
        final UUID id;
        /** Whether it is the capped key's lease (it holds on the key's month too). */
        boolean keyLease;

        BigDecimal amount;
        BigDecimal settled = BigDecimal.ZERO;
        BigDecimal finalCost;
        String status = "ACTIVE";

        ModelLease(UUID id, BigDecimal amount) {
            this.id = id;
            this.amount = amount;
        }

        BigDecimal held() {
            return switch (status) {
                case "ACTIVE" -> amount.subtract(settled).max(BigDecimal.ZERO);
                case "CLOSING" -> amount.min(finalCost).subtract(settled).max(BigDecimal.ZERO);
                default -> BigDecimal.ZERO;
            };
        }
    }

    private static final class Model {
        BigDecimal balance = BigDecimal.ZERO;
        /** The package as stored; it admits only while {@code packageCurrent}. */
        BigDecimal packageRemaining = BigDecimal.ZERO;

        boolean packageCurrent;
        boolean subscribed;
        BigDecimal keySpent = BigDecimal.ZERO;
        final Map<UUID, ModelLease> leases = new LinkedHashMap<>();
        final Map<UUID, BigDecimal> charged = new LinkedHashMap<>();
        final Map<UUID, BigDecimal> chargedPackage = new LinkedHashMap<>();
        /** Usage ids whose final event was settled. */
        final java.util.Set<UUID> settledUsages = new java.util.HashSet<>();

        BigDecimal reserved() {
            return leases.values().stream().map(ModelLease::held).reduce(BigDecimal.ZERO, BigDecimal::add);
        }

        BigDecimal keyReserved() {
            return leases.values().stream()
                    .filter(l -> l.keyLease)
                    .map(ModelLease::held)
                    .reduce(BigDecimal.ZERO, BigDecimal::add);
        }

        BigDecimal currentPackage() {
            return packageCurrent ? packageRemaining : BigDecimal.ZERO;
        }

        /** The balance's part: holds count against the current package first. */
        BigDecimal available() {
            return balance.subtract(reserved().subtract(currentPackage()).max(BigDecimal.ZERO));
        }

        /** What grants may take: balance and current package, less every hold. */
        BigDecimal spendable() {
            return balance.add(currentPackage()).subtract(reserved());
        }

        /** g = min(desired, max(minimum, floor8(spendable / 4))), or null when refused. */
        BigDecimal grant(BigDecimal minimum, BigDecimal desired) {
            var quarter = spendable().divide(QUARTER_FLOOR, 8, RoundingMode.FLOOR);
            var g = desired.min(minimum.max(quarter));
            return spendable().compareTo(g) >= 0 ? g : null;
        }

        /** What an ended package gives up now: as much as the holds granted before its end leave. */
        BigDecimal expireLeftover() {
            if (packageCurrent) return BigDecimal.ZERO;
            var expired = packageRemaining.min(
                    balance.add(packageRemaining).subtract(reserved()).max(BigDecimal.ZERO));
            packageRemaining = packageRemaining.subtract(expired);
            return expired;
        }
    }

    private record Replay(String key, AdjustBalanceRequest request) {}

    private final class Sequence {

        private final Random random;
        private final UUID company = knownCompany();
        private final UUID other = knownCompany();
        /** The company's API key with a monthly cap, admitted through leases of its own. */
        private final UUID cappedKey = UUID.randomUUID();

        private final BigDecimal keyCap = new BigDecimal("6");
        private UUID othersLease;
        private final Identity admin = platformAdmin();
        private final Model model = new Model();
        private final List<UsageRecorded> delivered = new ArrayList<>();
        private final List<Replay> replays = new ArrayList<>();
        private final List<String> trace = new ArrayList<>();

        Sequence(Random random) {
            this.random = random;
        }

        void run(long seed) {
            savePlan();
            LedgerInvariantsTests.this.credit(other, "50");
            othersLease = lease(other, "5");
            int steps = 15 + random.nextInt(26);
            for (int i = 0; i < steps; i++) {
                try {
                    step();
                    assertInvariants();
                } catch (AssertionError | RuntimeException e) {
                    throw new AssertionError(
                            "seed " + seed + ", company " + company + ", after:\n  " + String.join("\n  ", trace), e);
                }
            }
        }

        private void step() {
            switch (random.nextInt(17)) {
                case 0, 1 -> credit();
                case 2 -> debit();
                case 3, 4 -> grant();
                case 5 -> extend();
                case 6, 7, 8 -> settle();
                case 9 -> close();
                case 10 -> retry();
                case 11 -> invalid();
                case 12 -> subscribe();
                case 13 -> endPeriod();
                case 14 -> expireLeftover();
                case 15 -> grantForKey();
                default -> expire();
            }
        }

        /** 9.90 from the balance's available part, a package of 11; 402 or 409 change nothing. */
        private void subscribe() {
            var path = "/v1/billing/subscriptions";
            var body = "{\"plan_id\": \"" + PLAN + "\"}";
            trace.add("subscribe (available " + model.available() + ", subscribed " + model.subscribed + ")");
            if (model.subscribed) {
                unchanged(() ->
                        assertThat(post(path, owner(company), body).status()).isEqualTo(409));
                return;
            }
            if (model.available().compareTo(PLAN_PRICE) < 0) {
                unchanged(() ->
                        assertThat(post(path, owner(company), body).status()).isEqualTo(402));
                return;
            }
            assertThat(post(path, owner(company), body).status()).isEqualTo(201);
            model.balance = model.balance.subtract(PLAN_PRICE);
            openPackage();
            model.subscribed = true;
        }

        private void openPackage() {
            model.expireLeftover();
            model.packageRemaining = model.packageRemaining.add(PLAN_PACKAGE);
            model.packageCurrent = true;
        }

        /**
         * A month goes by: renewal pays 99 when the balance's available part covers it, waits
         * while held funds stand in the way (within the grace period), and otherwise lapses.
         */
        private void endPeriod() {
            trace.add("period ends (subscribed " + model.subscribed + ", balance " + model.balance + ", reserved "
                    + model.reserved() + ", package " + model.packageRemaining + ")");
            if (model.subscribed) {
                jdbc.sql("""
                                UPDATE subscription SET current_period_end = now() - interval '1 second',
                                                        next_attempt_at = NULL
                                WHERE company_id = ? AND status = 'ACTIVE'""").param(company).update();
            }
            jdbc.sql("UPDATE account SET package_ends_at = now() - interval '1 second'"
                            + " WHERE company_id = ? AND package_ends_at > now()")
                    .param(company)
                    .update();
            model.packageCurrent = false;
            renewals.renewDue();
            if (!model.subscribed) return;
            if (model.available().compareTo(PLAN_PRICE) >= 0) {
                model.balance = model.balance.subtract(PLAN_PRICE);
                openPackage();
            } else if (model.balance.compareTo(PLAN_PRICE) < 0) {
                model.subscribed = false;
                model.expireLeftover();
            }
            // else: held funds stand in the way; the renewal is retried later.
        }

        private void expireLeftover() {
            trace.add("expire what ended packages left (package " + model.packageRemaining + ")");
            transactions.executeWithoutResult(status -> ledger.expireEndedPackage(company));
            model.expireLeftover();
        }

        /** A grant for the capped key: sized within the key's room and the company's funds. */
        private void grantForKey() {
            // Mostly small, so that the key's room (not only the company's funds) sizes the grant.
            var minimum = random.nextInt(3) == 0 ? minimum() : BigDecimal.valueOf(1 + random.nextInt(50_000_000), 8);
            var desired = minimum.add(amount());
            var room = keyCap.subtract(model.keySpent)
                    .subtract(model.keyReserved())
                    .max(BigDecimal.ZERO);
            var body = """
                    {"company_id": "%s", "holder": "proxy-test", "minimum": %s, "desired": %s,
                     "api_key_id": "%s", "spend_limit": %s, "key_month": "%s"}""".formatted(
                            company,
                            plain(minimum),
                            plain(desired),
                            cappedKey,
                            plain(keyCap),
                            java.time.YearMonth.now(java.time.ZoneOffset.UTC));
            if (room.compareTo(minimum) < 0) {
                trace.add("key grant " + minimum + " beyond the key's room " + room);
                unchanged(() -> {
                    var refused = post("/internal/leases", proxyService(), body);
                    assertThat(refused.status()).isEqualTo(402);
                    assertThat(refused.text("code")).isEqualTo("spend_limit_exceeded");
                });
                return;
            }
            var quarterOfRoom = room.divide(QUARTER_FLOOR, 8, RoundingMode.FLOOR);
            var expected = model.grant(minimum, desired.min(minimum.max(quarterOfRoom)));
            trace.add("key grant " + minimum + ".." + desired + " (room " + room + ", spendable " + model.spendable()
                    + ") -> " + expected);
            if (expected == null) {
                unchanged(() -> assertThat(
                                post("/internal/leases", proxyService(), body).status())
                        .isEqualTo(402));
                return;
            }
            var granted = post("/internal/leases", proxyService(), body);
            assertThat(granted.status()).as(granted.toString()).isEqualTo(201);
            assertThat(granted.decimal("amount")).isEqualByComparingTo(expected);
            var id = UUID.fromString(granted.text("lease_id"));
            var lease = new ModelLease(id, expected);
            lease.keyLease = true;
            model.leases.put(id, lease);
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

        /** A third exactly at the available funds, a third just above, a third anywhere. */
        private BigDecimal minimum() {
            var available = model.available();
            var minimum = switch (random.nextInt(3)) {
                case 0 -> available;
                case 1 -> available.add(new BigDecimal("0.00000001"));
                default -> amount();
            };
            return minimum.signum() <= 0 ? amount() : minimum;
        }

        private void grant() {
            var minimum = minimum();
            var desired = minimum.add(amount());
            var expected = model.grant(minimum, desired);
            trace.add("grant " + minimum + ".." + desired + " (available " + model.available() + ") -> " + expected);
            if (expected == null) {
                unchanged(() -> assertThat(grantLease(company, plain(minimum), plain(desired))
                                .status())
                        .isEqualTo(402));
                return;
            }
            var granted = grantLease(company, plain(minimum), plain(desired));
            assertThat(granted.status()).as(granted.toString()).isEqualTo(201);
            assertThat(granted.decimal("amount")).isEqualByComparingTo(expected);
            var id = UUID.fromString(granted.text("lease_id"));
            model.leases.put(id, new ModelLease(id, expected));
        }

        private void extend() {
            var lease = anyLease();
            if (lease == null) {
                trace.add("extend: no lease");
                return;
            }
            var minimum = minimum();
            var desired = minimum.add(amount());
            var path = "/internal/leases/" + lease.id + "/extend";
            var body = "{\"minimum\": %s, \"desired\": %s}".formatted(plain(minimum), plain(desired));
            if (!lease.status.equals("ACTIVE")) {
                trace.add("extend " + lease.status + " lease");
                unchanged(() ->
                        assertThat(post(path, proxyService(), body).status()).isEqualTo(409));
                return;
            }
            var wanted = desired;
            if (lease.keyLease) {
                var room = keyCap.subtract(model.keySpent)
                        .subtract(model.keyReserved())
                        .max(BigDecimal.ZERO);
                if (room.compareTo(minimum) < 0) {
                    trace.add("extend key lease " + minimum + " beyond the key's room " + room);
                    unchanged(() -> assertThat(post(path, proxyService(), body).status())
                            .isEqualTo(402));
                    return;
                }
                wanted = desired.min(minimum.max(room.divide(QUARTER_FLOOR, 8, RoundingMode.FLOOR)));
            }
            var expected = model.grant(minimum, wanted);
            trace.add("extend " + minimum + ".." + desired + " (spendable " + model.spendable() + ") -> " + expected);
            if (expected == null) {
                unchanged(() ->
                        assertThat(post(path, proxyService(), body).status()).isEqualTo(402));
                return;
            }
            var extended = post(path, proxyService(), body);
            assertThat(extended.status()).as(extended.toString()).isEqualTo(200);
            lease.amount = lease.amount.add(expected);
            assertThat(extended.decimal("amount")).isEqualByComparingTo(lease.amount);
        }

        private void close() {
            var lease = anyLease();
            if (lease == null) {
                trace.add("close: no lease");
                return;
            }
            // What the proxy recorded: what was settled so far, plus usage still in transit.
            var recorded = random.nextInt(3) == 0 ? lease.settled : lease.settled.add(amount());
            trace.add("close " + lease.status + " lease at " + recorded);
            if (!lease.status.equals("ACTIVE")) {
                unchanged(() -> assertThat(closeLease(lease.id, plain(recorded)).status())
                        .isEqualTo(204));
                return;
            }
            assertThat(closeLease(lease.id, plain(recorded)).status()).isEqualTo(204);
            lease.finalCost = recorded;
            lease.status = lease.settled.compareTo(recorded) >= 0 ? "CLOSED" : "CLOSING";
        }

        private void settle() {
            int size = 1 + random.nextInt(3);
            var batch = new ArrayList<UsageRecorded>();
            for (int i = 0; i < size; i++) batch.add(usageEvent());
            trace.add("settle " + batch.stream().map(this::describe).toList());
            transactions.executeWithoutResult(status -> settlement.settle(batch));
            batch.forEach(this::applyToModel);
            delivered.addAll(batch);
        }

        private UsageRecorded usageEvent() {
            // A new request, or a later (or older, or the same) figure of one already charged.
            UUID usageId;
            BigDecimal cost;
            if (model.charged.isEmpty() || random.nextBoolean()) {
                usageId = UUID.randomUUID();
                cost = random.nextInt(6) == 0 ? BigDecimal.ZERO : amount();
            } else {
                var ids = new ArrayList<>(model.charged.keySet());
                usageId = ids.get(random.nextInt(ids.size()));
                var before = model.charged.get(usageId);
                cost = switch (random.nextInt(3)) {
                    case 0 -> before;
                    case 1 -> before.subtract(new BigDecimal("0.00000001")).max(BigDecimal.ZERO);
                    default -> before.add(amount());
                };
            }
            UUID leaseId = switch (random.nextInt(6)) {
                case 0 -> null;
                case 1 -> UUID.randomUUID();
                case 2 -> othersLease;
                default -> {
                    var lease = anyLease();
                    yield lease == null ? null : lease.id;
                }
            };
            var event = usage(company, usageId, leaseId, plain(cost), random.nextBoolean());
            var lease = leaseId == null ? null : model.leases.get(leaseId);
            return lease != null && lease.keyLease ? byKey(event, cappedKey) : event;
        }

        /**
         * Checkpoints only ever add; the final event sets the request's charge to its cost (up or
         * down) and ends it: nothing of that usage id charges afterwards.
         */
        private void applyToModel(UsageRecorded event) {
            if (model.settledUsages.contains(event.usageId())) return;
            var before = model.charged.getOrDefault(event.usageId(), BigDecimal.ZERO);
            var delta = event.cost().subtract(before);
            if (event.checkpoint()) {
                delta = delta.max(BigDecimal.ZERO);
                model.charged.put(event.usageId(), before.max(event.cost()));
            } else {
                model.charged.put(event.usageId(), event.cost());
                model.settledUsages.add(event.usageId());
            }
            if (delta.signum() == 0) return;
            if (cappedKey.equals(event.apiKeyId())) model.keySpent = model.keySpent.add(delta);
            var fromPackage = model.chargedPackage.getOrDefault(event.usageId(), BigDecimal.ZERO);
            if (delta.signum() > 0) {
                // The package first while its period lasts; after it, only what the balance cannot pay.
                var drawn = model.packageCurrent
                        ? delta.min(model.packageRemaining)
                        : delta.subtract(model.balance.max(BigDecimal.ZERO))
                                .max(BigDecimal.ZERO)
                                .min(model.packageRemaining);
                model.packageRemaining = model.packageRemaining.subtract(drawn);
                model.balance = model.balance.subtract(delta.subtract(drawn));
                model.chargedPackage.put(event.usageId(), fromPackage.add(drawn));
            } else {
                // A correction gives back what the balance paid first, then the package's part.
                var back = delta.negate();
                var paidBefore = before;
                var toBalance = back.min(paidBefore.subtract(fromPackage).max(BigDecimal.ZERO));
                var toPackage = back.subtract(toBalance).min(fromPackage);
                toBalance = back.subtract(toPackage);
                model.balance = model.balance.add(toBalance);
                model.packageRemaining = model.packageRemaining.add(toPackage);
                model.chargedPackage.put(event.usageId(), fromPackage.subtract(toPackage));
            }
            var lease = model.leases.get(event.leaseId());
            if (lease != null && (lease.status.equals("ACTIVE") || lease.status.equals("CLOSING"))) {
                lease.settled = lease.settled.add(delta);
                if (lease.status.equals("CLOSING") && lease.settled.compareTo(lease.finalCost) >= 0) {
                    lease.status = "CLOSED";
                }
            }
        }

        /** A retry of something already done: it must change nothing. */
        private void retry() {
            if (random.nextBoolean() && !delivered.isEmpty()) {
                var event = delivered.get(random.nextInt(delivered.size()));
                trace.add("redeliver " + describe(event));
                unchanged(() -> transactions.executeWithoutResult(status -> settlement.settle(List.of(event))));
            } else if (!replays.isEmpty()) {
                var replay = replays.get(random.nextInt(replays.size()));
                trace.add("replay credit " + replay.request().amount());
                unchanged(() -> assertThat(adjustments
                                .adjust(admin, replay.request(), replay.key(), null)
                                .replayed())
                        .isTrue());
            } else {
                trace.add("nothing to retry");
            }
        }

        private void invalid() {
            var lease = anyLease();
            var leaseId = lease == null ? null : lease.id;
            var event = switch (random.nextInt(4)) {
                case 0 -> usage(company, UUID.randomUUID(), leaseId, null, false);
                case 1 -> usage(company, UUID.randomUUID(), leaseId, "-0.00000001", false);
                case 2 -> usage(company, UUID.randomUUID(), leaseId, "0.000000001", false);
                default -> usage(null, UUID.randomUUID(), leaseId, "1", false);
            };
            trace.add("invalid " + event.companyId() + " cost " + event.cost());
            unchanged(() -> assertThatThrownBy(
                            () -> transactions.executeWithoutResult(status -> settlement.settle(List.of(event))))
                    .isInstanceOf(AmqpRejectAndDontRequeueException.class));
        }

        private void expire() {
            var open = model.leases.values().stream()
                    .filter(l -> l.status.equals("ACTIVE") || l.status.equals("CLOSING"))
                    .toList();
            if (open.isEmpty()) {
                trace.add("expire: nothing open");
                unchanged(expiryJob::expireOverdue);
                return;
            }
            var lease = open.get(random.nextInt(open.size()));
            trace.add("expire " + lease.status + " lease");
            jdbc.sql("UPDATE lease SET expires_at = now() - interval '1 second' WHERE id = ?")
                    .param(lease.id)
                    .update();
            expiryJob.expireOverdue();
            lease.status = "EXPIRED";
        }

        /** Between 0.00000001 and 20, at every precision up to 8 places. */
        private BigDecimal amount() {
            int scale = random.nextInt(9);
            long max = 20 * (long) Math.pow(10, scale);
            return BigDecimal.valueOf(1 + (long) (random.nextDouble() * max), scale);
        }

        private ModelLease anyLease() {
            var all = new ArrayList<>(model.leases.values());
            return all.isEmpty() ? null : all.get(random.nextInt(all.size()));
        }

        private String describe(UsageRecorded event) {
            var lease = event.leaseId() == null
                    ? "no lease"
                    : event.leaseId().equals(othersLease)
                            ? "another company's lease"
                            : model.leases.containsKey(event.leaseId())
                                    ? model.leases.get(event.leaseId()).status + " lease"
                                    : "unknown lease";
            return "usage " + event.usageId().toString().substring(0, 8) + " cost " + event.cost()
                    + (event.checkpoint() ? " (checkpoint)" : "") + " on " + lease;
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
                                (SELECT balance || '/' || reserved || '/' || package_remaining FROM account WHERE company_id = :c),
                                (SELECT count(*) FROM package_entry WHERE company_id = :c),
                                (SELECT string_agg(spent || '/' || reserved, ',' ORDER BY api_key_id, month) FROM key_budget WHERE company_id = :c),
                                (SELECT string_agg(status || ':' || COALESCE(next_attempt_at::text, ''), ',')
                                 FROM subscription WHERE company_id = :c),
                                (SELECT count(*) FROM ledger_entry WHERE company_id = :c),
                                (SELECT string_agg(id || '=' || status || ':' || amount || ':' || settled, ',' ORDER BY id)
                                 FROM lease WHERE company_id = :c),
                                (SELECT string_agg(usage_id || '=' || charged, ',' ORDER BY usage_id)
                                 FROM usage_charge WHERE company_id = :c),
                                (SELECT balance || '/' || reserved FROM account WHERE company_id = :o),
                                (SELECT count(*) FROM idempotency_key WHERE scope_company_id = :admin))""")
                    .param("c", company)
                    .param("o", other)
                    .param("admin", admin.companyId())
                    .query(String.class)
                    .single();
        }

        private void assertInvariants() {
            var account = ledger.balance(company);
            assertThat(account.balance()).as("balance = model").isEqualByComparingTo(model.balance);
            assertThat(account.reserved()).as("reserved = model").isEqualByComparingTo(model.reserved());
            assertThat(account.packageRemaining())
                    .as("current package = model")
                    .isEqualByComparingTo(model.currentPackage());
            assertThat(jdbc.sql("SELECT package_remaining FROM account WHERE company_id = ?")
                            .param(company)
                            .query(BigDecimal.class)
                            .single())
                    .as("package as stored = model")
                    .isEqualByComparingTo(model.packageRemaining);
            var key = jdbc.sql("SELECT spent, reserved FROM key_budget WHERE api_key_id = ?")
                    .param(cappedKey)
                    .query((rs, n) -> new BigDecimal[] {rs.getBigDecimal("spent"), rs.getBigDecimal("reserved")})
                    .optional()
                    .orElse(new BigDecimal[] {BigDecimal.ZERO, BigDecimal.ZERO});
            assertThat(key[0]).as("the capped key's spend = model").isEqualByComparingTo(model.keySpent);
            assertThat(key[1]).as("the capped key's holds = model").isEqualByComparingTo(model.keyReserved());
            for (var lease : model.leases.values()) {
                var row = jdbc.sql("SELECT status || ' ' || amount || ' ' || settled FROM lease WHERE id = ?")
                        .param(lease.id)
                        .query(String.class)
                        .single()
                        .split(" ");
                assertThat(row[0]).as("status of lease " + lease.id).isEqualTo(lease.status);
                assertThat(new BigDecimal(row[1])).as("amount").isEqualByComparingTo(lease.amount);
                assertThat(new BigDecimal(row[2])).as("settled").isEqualByComparingTo(lease.settled);
            }
            assertThat(account.reserved().signum()).as("reserved >= 0").isGreaterThanOrEqualTo(0);
            // Another company's lease named by our usage is never drawn on.
            var others = ledger.balance(other);
            assertThat(others.balance()).as("the other company's balance").isEqualByComparingTo("50");
            assertThat(others.reserved()).as("the other company's reserved").isEqualByComparingTo("5");
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

    private static String plain(BigDecimal amount) {
        return amount.stripTrailingZeros().toPlainString();
    }

    // ---- the concurrent variant ----

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("concurrentSeeds")
    void racingLeaseCallsSettlementAndExpiryOnOneCompanyKeepEveryInvariant(long seed) throws Exception {
        var company = UUID.randomUUID();
        var other = UUID.randomUUID();
        credit(company, "100");
        credit(other, "50");
        // The company holds a plan's package too: settlement draws it before the balance.
        savePlan();
        assertThat(post("/v1/billing/subscriptions", owner(company), "{\"plan_id\": \"" + PLAN + "\"}")
                        .status())
                .isEqualTo(201);
        var othersLease = lease(other, "5");
        var leases = new ConcurrentHashMap<UUID, Boolean>();
        for (int i = 0; i < 3; i++) leases.put(lease(company, "5"), true);
        var cappedKey = UUID.randomUUID();
        var charged = new ConcurrentHashMap<UUID, BigDecimal>();
        var credited = new ConcurrentHashMap<String, BigDecimal>();
        int threadCount = 6;
        var barrier = new CyclicBarrier(threadCount);
        var runs = new ArrayList<Future<?>>();
        for (int t = 0; t < threadCount; t++) {
            var random = new Random(seed + t);
            runs.add(threads.submit(() -> {
                barrier.await(30, TimeUnit.SECONDS);
                for (int i = 0; i < 30; i++) {
                    race(random, company, othersLease, cappedKey, leases, charged, credited);
                }
                return null;
            }));
        }
        for (var run : runs) run.get(120, TimeUnit.SECONDS);

        var account = ledger.balance(company);
        var totalCharged = charged.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add);
        var net = credited.values().stream().reduce(new BigDecimal("100").subtract(PLAN_PRICE), BigDecimal::add);
        var paidByPackage = jdbc.sql("""
                        SELECT COALESCE(-sum(amount), 0) FROM package_entry
                        WHERE company_id = ? AND type IN ('DRAWN', 'RESTORED')""").param(company).query(BigDecimal.class).single();
        assertThat(account.balance())
                .as("balance = credits - debits - plan - (charges the package did not pay)")
                .isEqualByComparingTo(net.subtract(totalCharged.subtract(paidByPackage)));
        assertThat(account.reserved().signum()).as("reserved >= 0").isGreaterThanOrEqualTo(0);
        assertLedgerMatchesAccount(company);
        // Funds are only ever admitted from what was available: what is not available now is
        // explained by charges no hold covered (late usage, or beyond a lease's amount).
        var unheldCharges = jdbc.sql("""
                        SELECT :charged - COALESCE(sum(LEAST(settled, CASE WHEN final_cost IS NULL THEN amount
                                                                          ELSE LEAST(amount, final_cost) END)), 0)
                        FROM lease WHERE company_id = :company""")
                .param("charged", totalCharged)
                .param("company", company)
                .query(BigDecimal.class)
                .single();
        assertThat(account.available())
                .as("available >= -(charges no hold covered)")
                .isGreaterThanOrEqualTo(unheldCharges.negate());
        var others = ledger.balance(other);
        assertThat(others.balance()).isEqualByComparingTo("50");
        assertThat(others.reserved()).isEqualByComparingTo("5");
        assertLedgerMatchesAccount(other);
    }

    private void savePlan() {
        assertThat(put("/v1/billing/plans/" + PLAN, platformAdmin(), """
                        {"name": "Invariants", "included_usage": 11, "discount_percent": 10,
                         "description": "the ledger invariants' plan"}""").status())
                .isEqualTo(200);
    }

    /** One random operation of one racing thread; what it moved is tallied for the final check. */
    private void race(
            Random random,
            UUID company,
            UUID othersLease,
            UUID cappedKey,
            Map<UUID, Boolean> leases,
            Map<UUID, BigDecimal> charged,
            Map<String, BigDecimal> credited) {
        var known = new ArrayList<>(leases.keySet());
        var lease = known.get(random.nextInt(known.size()));
        var small = BigDecimal.valueOf(1 + random.nextInt(300_000_000), 8);
        switch (random.nextInt(10)) {
            case 0 -> {
                var granted = grantLease(company, plain(small), plain(small.add(BigDecimal.ONE)));
                if (granted.status() == 201) leases.put(UUID.fromString(granted.text("lease_id")), true);
                else assertThat(granted.status()).isEqualTo(402);
            }
            case 9 -> {
                // A capped key's lease, racing the others on the same account and on the key's month.
                var granted = post("/internal/leases", proxyService(), """
                        {"company_id": "%s", "holder": "proxy-test", "minimum": %s, "desired": %s,
                         "api_key_id": "%s", "spend_limit": 4, "key_month": "%s"}""".formatted(
                                company,
                                plain(small),
                                plain(small.add(BigDecimal.ONE)),
                                cappedKey,
                                java.time.YearMonth.now(java.time.ZoneOffset.UTC)));
                if (granted.status() == 201) leases.put(UUID.fromString(granted.text("lease_id")), true);
                else assertThat(granted.status()).isEqualTo(402);
            }
            case 1 ->
                assertThat(post("/internal/leases/" + lease + "/extend", proxyService(), """
                            {"minimum": %s, "desired": %s}""".formatted(
                                                plain(small), plain(small)))
                                .status())
                        .isIn(200, 402, 409);
            case 2, 3, 4 -> {
                // Usage on one of the company's leases, now and then another company's; sometimes
                // a checkpoint followed by a later figure of the same request in one batch.
                var usageId = UUID.randomUUID();
                var onLease = random.nextInt(6) == 0 ? othersLease : lease;
                var batch = new ArrayList<UsageRecorded>();
                batch.add(usage(company, usageId, onLease, plain(small), true));
                var total = small;
                if (random.nextBoolean()) {
                    total = small.add(small);
                    batch.add(usage(company, usageId, onLease, plain(total), false));
                }
                transactions.executeWithoutResult(status -> settlement.settle(batch));
                charged.put(usageId, total);
            }
            case 5 -> assertThat(closeLease(lease, plain(small)).status()).isEqualTo(204);
            case 6 -> {
                jdbc.sql("UPDATE lease SET expires_at = now() - interval '1 second' WHERE id = ?")
                        .param(lease)
                        .update();
                expiryJob.expireOverdue();
            }
            case 7 -> {
                credit(company, plain(small));
                credited.put(UUID.randomUUID().toString(), small);
            }
            default -> {
                var debit = post("/v1/billing/balance", platformAdmin(), """
                        {"amount": %s, "operation": "DEBIT", "company_id": "%s"}""".formatted(plain(small), company));
                if (debit.status() == 200) credited.put(UUID.randomUUID().toString(), small.negate());
                else assertThat(debit.status()).isEqualTo(409);
            }
        }
    }
}
