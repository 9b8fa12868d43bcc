package dev.aggregator.billing.balance;

import dev.aggregator.billing.idempotency.IdempotencyKeys;
import dev.aggregator.billing.ledger.Ledger;
import dev.aggregator.billing.web.ClientAddress;
import dev.aggregator.billing.web.Tenancy;
import dev.aggregator.common.identity.Identity;
import dev.aggregator.common.web.ApiException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/v1/billing/balance")
@Tag(name = "Billing")
class BalanceController {

    private final Ledger ledger;
    private final BalanceAdjustments adjustments;

    BalanceController(Ledger ledger, BalanceAdjustments adjustments) {
        this.ledger = ledger;
        this.adjustments = adjustments;
    }

    @GetMapping
    @Operation(
            summary = "The company's balance",
            description =
                    "available = balance - max(0, reserved - package_remaining): funds held by proxy instances' budget"
                            + " leases count against the plan's package first. A company without an account yet has"
                            + " zeros. A PLATFORM_ADMIN may pass company_id (404 for a company billing does not know).")
    BalanceView balance(Identity identity, @RequestParam(name = "company_id", required = false) UUID companyId) {
        var company = Tenancy.companyFor(identity, companyId);
        if (!company.equals(identity.companyId()) && !ledger.knows(company)) {
            throw ApiException.notFound("No billing account found for that company.");
        }
        return BalanceView.of(ledger.balance(company));
    }

    @PostMapping
    @Operation(
            summary = "Credit or debit a company (PLATFORM_ADMIN only)",
            description = "A DEBIT larger than the available balance is a 409. With an Idempotency-Key a retry"
                    + " returns the first result (header Idempotent-Replayed: true) and moves no money; the same"
                    + " key with another body is a 409. Only successful results are remembered.")
    ResponseEntity<BalanceAdjustment> adjust(
            Identity identity,
            @Valid @RequestBody AdjustBalanceRequest request,
            @RequestHeader(name = IdempotencyKeys.HEADER, required = false) @Size(min = 1, max = 200)
                    String idempotencyKey,
            HttpServletRequest http) {
        return adjustments
                .adjust(identity, request, idempotencyKey, ClientAddress.of(http))
                .toResponse();
    }
}
