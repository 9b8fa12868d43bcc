package dev.aggregator.billing.leases;

import dev.aggregator.common.identity.Identity;
import dev.aggregator.common.web.ApiException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Called by the proxy with its service identity; the identity filter refuses anyone else. */
@RestController
@RequestMapping("/internal/leases")
@Tag(name = "Internal: leases", description = "Budget leases granted to proxy instances (service identity only)")
class LeaseController {

    private final Leases leases;

    LeaseController(Leases leases) {
        this.leases = leases;
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(
            summary = "Grant a lease on a company's funds",
            description = "Grants min(desired, max(minimum, available / 4 rounded down to 8 places)), if that"
                    + " much is available; otherwise 402 with required (= minimum) and available.")
    LeaseView grant(Identity identity, @Valid @RequestBody GrantLeaseRequest request) {
        requireService(identity);
        return leases.grant(request);
    }

    @PostMapping("/{id}/extend")
    @Operation(
            summary = "Add funds to an ACTIVE lease",
            description = "Sized like a grant; amount is the lease's new total. 402 as a grant, 409 when the lease"
                    + " is no longer ACTIVE (open a new one), 404 unknown.")
    LeaseView extend(Identity identity, @PathVariable UUID id, @Valid @RequestBody ExtendLeaseRequest request) {
        requireService(identity);
        return leases.extend(id, request);
    }

    @PostMapping("/renew")
    @Operation(
            summary = "Keep leases from expiring",
            description = "Pushes expires_at of the ACTIVE leases named; ended lists the others (unknown ones too).")
    RenewedLeases renew(Identity identity, @Valid @RequestBody RenewLeasesRequest request) {
        requireService(identity);
        return leases.renew(request.leaseIds());
    }

    @PostMapping("/{id}/close")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(
            summary = "Close a lease with what was recorded under it (idempotent)",
            description = "Funds held beyond recorded_cost return at once; the lease is CLOSED once usage up to"
                    + " recorded_cost is settled. 404 unknown.")
    void close(Identity identity, @PathVariable UUID id, @Valid @RequestBody CloseLeaseRequest request) {
        requireService(identity);
        leases.close(id, request.recordedCost());
    }

    /** The identity filter already admits only services here; this keeps the rule local and visible. */
    private static void requireService(Identity identity) {
        if (!identity.isService()) throw ApiException.forbidden("Only platform services may manage leases.");
    }
}
