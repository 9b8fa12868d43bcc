package dev.aggregator.billing.usage;

import dev.aggregator.billing.keybudgets.KeyBudgets;
import dev.aggregator.billing.keybudgets.KeyMonth;
import dev.aggregator.billing.leases.Lease;
import dev.aggregator.billing.leases.Leases;
import dev.aggregator.billing.ledger.Ledger;
import dev.aggregator.billing.ledger.LedgerBatch;
import dev.aggregator.billing.ledger.Money;
import dev.aggregator.billing.referrals.ReferralCommissions;
import dev.aggregator.common.events.UsageRecorded;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.springframework.amqp.AmqpRejectAndDontRequeueException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Turns a batch of usage events into money, in the caller's transaction. Costs are cumulative per
 * usage id. A stream's checkpoints are provisional and only ever add: {@code delta = max(0, cost −
 * charged so far)}. The request's final event is exact and settles it: {@code delta = cost −
 * charged}, which gives back (a positive USAGE entry) what a checkpoint's prompt estimate
 * over-charged; after it, nothing of that usage id charges again. So a replayed, republished or
 * out-of-order event changes nothing, and a request is charged exactly its final cost once.
 * Each positive delta is one USAGE entry, drawn from the event's lease when it is the company's
 * and still holds funds (its hold shrinks by what the charge used of it), otherwise from the
 * balance alone (late usage). The referrer's commission is paid once per request, on its final
 * cost, as far as the payer's balance covered it.
 *
 * <p>Locks are taken in one order by every batch: usage charges, then leases, then accounts, each
 * sorted by id; lease calls take lease then account, and nothing takes an account before a
 * lease. So concurrent batches, billing instances and lease calls never deadlock.
 */
@Service
public class UsageSettlement {

    private static final int REQUEST_ID_LIMIT = 128;
    private static final BigDecimal LARGEST_COST = new BigDecimal("999999999999.99999999");

    private final UsageChargeRepository charges;
    private final Leases leases;
    private final KeyBudgets keyBudgets;
    private final Ledger ledger;
    private final ReferralCommissions commissions;
    private final UsageChargeProperties chargeProperties;
    private final Clock clock;

    UsageSettlement(
            UsageChargeRepository charges,
            Leases leases,
            KeyBudgets keyBudgets,
            Ledger ledger,
            ReferralCommissions commissions,
            UsageChargeProperties chargeProperties,
            Clock clock) {
        this.charges = charges;
        this.leases = leases;
        this.keyBudgets = keyBudgets;
        this.ledger = ledger;
        this.commissions = commissions;
        this.chargeProperties = chargeProperties;
        this.clock = clock;
    }

    /**
     * Settles the events in the order given. An invalid event throws {@link
     * AmqpRejectAndDontRequeueException} before anything changed, so the batch consumer can
     * dead-letter it alone and settle the rest.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void settle(List<UsageRecorded> events) {
        if (events.isEmpty()) return;
        var oldestSettled = clock.instant().minus(chargeProperties.retention());
        events.forEach(event -> validate(event, oldestSettled));

        var lockedCharges = charges.insertMissingAndLock(firstSightings(events));
        for (var event : events) {
            var charge = lockedCharges.get(usageId(event));
            if (!charge.companyId.equals(event.companyId())) {
                throw reject(event, "its usage id was charged to another company");
            }
        }
        var claims = new HashSet<Leases.Claim>();
        for (var event : events) {
            if (event.leaseId() != null) claims.add(new Leases.Claim(event.leaseId(), event.companyId()));
        }
        var lockedLeases = leases.lockForSettlement(claims);
        var keyMonths = new HashMap<KeyMonth, UUID>();
        for (var event : events) {
            var spendMonth = spendMonthOf(event, lockedLeases);
            if (spendMonth != null) keyMonths.putIfAbsent(spendMonth, event.companyId());
            var lease = ownLease(event, lockedLeases);
            if (lease != null && lease.keyMonth() != null) keyMonths.putIfAbsent(lease.keyMonth(), event.companyId());
        }
        var keys = keyBudgets.batch(keyMonths);
        var payers = new HashSet<UUID>();
        events.forEach(event -> payers.add(event.companyId()));
        var accounts = new HashSet<>(payers);
        accounts.addAll(commissions.referrersOf(payers));
        var batch = ledger.batch(accounts);

        var drawnLeases = new LinkedHashMap<UUID, Lease>();
        var awards = new ArrayList<ReferralCommissions.Award>();
        for (var event : events) {
            var charge = lockedCharges.get(usageId(event));
            if (charge.isFinal) continue; // settled already: a replay, or a checkpoint arriving late
            var delta = event.cost().subtract(charge.charged);
            if (event.checkpoint()) delta = delta.max(BigDecimal.ZERO);
            record(charge, event);
            var company = event.companyId();
            if (delta.signum() != 0) post(batch, keys, lockedLeases, drawnLeases, charge, event, delta);
            if (!event.checkpoint()) {
                // What the payer's balance covered of the whole request (a package's part is paid
                // for by the plan), as if charged at once now.
                var fromBalance = charge.charged.subtract(charge.chargedPackage);
                var paid =
                        fromBalance.min(batch.balance(company).add(fromBalance).max(BigDecimal.ZERO));
                commissions.award(batch, event.eventId(), company, paid).ifPresent(awards::add);
            }
        }
        charges.saveChanged(lockedCharges.values());
        leases.saveSettled(drawnLeases.values());
        keys.apply();
        batch.apply();
        commissions.recordAll(awards);
    }

    /**
     * Posts a charge (delta > 0) or a correction (delta < 0), drawn from or given back to the
     * event's lease when that is the company's and still holds funds.
     */
    private static void post(
            LedgerBatch batch,
            KeyBudgets.Batch keys,
            Map<UUID, Lease> lockedLeases,
            Map<UUID, Lease> drawnLeases,
            UsageChargeRepository.Charge charge,
            UsageRecorded event,
            BigDecimal delta) {
        var heldChange = BigDecimal.ZERO; // how much the lease's hold shrank (negative: grew again)
        var lease = ownLease(event, lockedLeases);
        if (lease != null && lease.holdsFunds()) {
            var after = lease.settle(delta);
            heldChange = lease.held().subtract(after.held());
            lockedLeases.put(lease.id(), after);
            drawnLeases.put(lease.id(), after);
        }
        // A capped key's lease holds on the key's month as well: that hold moves with the lease's.
        if (lease != null && lease.keyMonth() != null) keys.record(lease.keyMonth(), BigDecimal.ZERO, heldChange);
        var spendMonth = spendMonthOf(event, lockedLeases);
        if (spendMonth != null) keys.record(spendMonth, delta, BigDecimal.ZERO);
        var company = event.companyId();
        if (delta.signum() > 0) {
            var drawn = batch.chargeUsage(company, delta, heldChange, describe(event), requestId(event));
            charge.chargedPackage = charge.chargedPackage.add(drawn.fromPackage());
        } else {
            var paidBefore = charge.charged.subtract(delta); // record() already set charged to the new cost
            var given = batch.correctUsage(
                    company,
                    delta.negate(),
                    heldChange.negate(),
                    charge.chargedPackage,
                    paidBefore.subtract(charge.chargedPackage),
                    describe(event) + ": the provider's count, below the running estimate",
                    requestId(event));
            charge.chargedPackage = charge.chargedPackage.subtract(given.fromPackage());
        }
        charge.changed = true;
    }

    /**
     * The event's lease if it is its company's. Tenancy twice: the lock matched (lease, company)
     * pairs, and a lease named by events of two companies in one batch is still drawn only by its
     * own company's.
     */
    private static Lease ownLease(UsageRecorded event, Map<UUID, Lease> lockedLeases) {
        var lease = event.leaseId() == null ? null : lockedLeases.get(event.leaseId());
        return lease != null && lease.companyId().equals(event.companyId()) ? lease : null;
    }

    /**
     * The key month the event's spend counts in: its key's capped lease's month when it ran under
     * one (so that spend and hold move in the same month), otherwise the month it happened in;
     * null without a key.
     */
    private static KeyMonth spendMonthOf(UsageRecorded event, Map<UUID, Lease> lockedLeases) {
        if (event.apiKeyId() == null) return null;
        var lease = ownLease(event, lockedLeases);
        if (lease != null
                && lease.keyMonth() != null
                && lease.keyMonth().apiKeyId().equals(event.apiKeyId())) {
            return lease.keyMonth();
        }
        var when = event.occurredAt() != null ? event.occurredAt() : java.time.Instant.now();
        return KeyMonth.at(event.apiKeyId(), when);
    }

    /** Each usage id once, sorted, with the company and lease of its first event in the batch. */
    private static List<UsageChargeRepository.NewCharge> firstSightings(List<UsageRecorded> events) {
        var first = new TreeMap<UUID, UsageChargeRepository.NewCharge>();
        for (var event : events) {
            first.putIfAbsent(
                    usageId(event),
                    new UsageChargeRepository.NewCharge(usageId(event), event.companyId(), event.leaseId()));
        }
        return List.copyOf(first.values());
    }

    private static void record(UsageChargeRepository.Charge charge, UsageRecorded event) {
        if (!event.checkpoint() && event.cost().compareTo(charge.charged) != 0) {
            charge.charged = event.cost();
            charge.changed = true;
        } else if (event.cost().compareTo(charge.charged) > 0) {
            charge.charged = event.cost();
            charge.changed = true;
        }
        if (!event.checkpoint() && !charge.isFinal) {
            charge.isFinal = true;
            charge.changed = true;
        }
        if (charge.leaseId == null && event.leaseId() != null) {
            charge.leaseId = event.leaseId();
            charge.changed = true;
        }
    }

    /**
     * The request's usage id. An event without one (published before usage ids existed) stands
     * for a whole request on its own, so its event id is used instead.
     */
    private static UUID usageId(UsageRecorded event) {
        return event.usageId() != null ? event.usageId() : event.eventId();
    }

    /**
     * A malformed event goes to the dead-letter queue for a human, rather than being guessed at; so
     * does one older than the usage charges' retention, whose row may have been purged (settling it
     * could charge its request twice).
     */
    private static void validate(UsageRecorded event, Instant oldestSettled) {
        if (event.occurredAt() != null && event.occurredAt().isBefore(oldestSettled)) {
            throw reject(event, "it happened before the usage charges' retention (" + event.occurredAt() + ")");
        }
        if (event.companyId() == null) throw reject(event, "it has no company_id");
        if (event.usageId() == null && event.eventId() == null) throw reject(event, "it has no usage_id");
        var cost = event.cost();
        if (cost == null) throw reject(event, "it has no cost");
        if (cost.signum() < 0) throw reject(event, "its cost is negative");
        if (!Money.fitsScale(cost)) throw reject(event, "its cost has more than 8 decimal places");
        if (cost.compareTo(LARGEST_COST) > 0) throw reject(event, "its cost is larger than an account can hold");
    }

    private static AmqpRejectAndDontRequeueException reject(UsageRecorded event, String reason) {
        return new AmqpRejectAndDontRequeueException(
                "Usage event " + event.eventId() + " cannot be settled: " + reason);
    }

    private static String describe(UsageRecorded event) {
        var text = "%s via %s: %d prompt + %d completion tokens"
                .formatted(event.model(), event.providerName(), event.promptTokens(), event.completionTokens());
        if (event.checkpoint()) return text + " so far (stream running)";
        return event.succeeded() ? text : text + " (failed request)";
    }

    private static String requestId(UsageRecorded event) {
        var id = event.requestId();
        return id == null || id.length() <= REQUEST_ID_LIMIT ? id : id.substring(0, REQUEST_ID_LIMIT);
    }
}
