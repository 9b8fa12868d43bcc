package dev.aggregator.billing.balance;

import dev.aggregator.billing.audit.AuditTrail;
import dev.aggregator.billing.idempotency.IdempotencyKeys;
import dev.aggregator.billing.ledger.EntryType;
import dev.aggregator.billing.ledger.Ledger;
import dev.aggregator.billing.ledger.Money;
import dev.aggregator.billing.ledger.Posting;
import dev.aggregator.common.identity.Identity;
import dev.aggregator.common.web.ApiException;
import java.util.Map;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Manual credits and debits by a platform admin: the money, the ledger entry and the audit event commit together. */
@Service
public class BalanceAdjustments {

    private static final String OPERATION = "POST /v1/billing/balance";

    private final Ledger ledger;
    private final IdempotencyKeys idempotencyKeys;
    private final AuditTrail audit;

    BalanceAdjustments(Ledger ledger, IdempotencyKeys idempotencyKeys, AuditTrail audit) {
        this.ledger = ledger;
        this.idempotencyKeys = idempotencyKeys;
        this.audit = audit;
    }

    @Transactional
    public IdempotencyKeys.Outcome<BalanceAdjustment> adjust(
            Identity actor, AdjustBalanceRequest request, String idempotencyKey, String clientIp) {
        actor.requirePlatformAdmin();
        String fingerprint = IdempotencyKeys.fingerprint(
                OPERATION, request.operation(), request.companyId(), request.amount(), request.reason());
        return idempotencyKeys.execute(
                actor.companyId(),
                idempotencyKey,
                fingerprint,
                200,
                BalanceAdjustment.class,
                () -> apply(actor, request, clientIp));
    }

    private BalanceAdjustment apply(Identity actor, AdjustBalanceRequest request, String clientIp) {
        var company = request.companyId();
        var amount = request.amount();
        // Billing learns of companies from auth's registration events: an id it never heard of is
        // a typo or a made-up id, and crediting it would open an account nobody owns.
        if (!ledger.knows(company)) {
            throw ApiException.notFound("No company with this id is known to billing. A company registered a moment "
                    + "ago appears within seconds.");
        }
        Posting posting;
        if (request.isCredit()) {
            posting = ledger.post(company, EntryType.CREDIT, amount, describe(request, "Credit"), null);
        } else {
            posting = ledger.postIfAvailable(company, EntryType.DEBIT, amount, describe(request, "Debit"), null)
                    .orElseThrow(() -> ApiException.conflict("The debit is larger than the available balance.")
                            .with("required", Money.plain(amount))
                            .with(
                                    "available",
                                    Money.plain(ledger.balance(company).available())));
        }
        var entry = posting.entry();
        audit.record(
                actor,
                company,
                request.isCredit() ? "billing.credit" : "billing.debit",
                "company:" + company,
                clientIp,
                Map.of(
                        "amount", Money.plain(amount).toPlainString(),
                        "company_id", company.toString(),
                        "transaction_id", entry.id().toString()));
        return new BalanceAdjustment(
                company,
                Money.plain(posting.account().balance()),
                Money.plain(posting.account().available()),
                entry.id());
    }

    private static String describe(AdjustBalanceRequest request, String operation) {
        return request.reason() == null || request.reason().isBlank()
                ? operation + " by platform admin"
                : request.reason();
    }
}
