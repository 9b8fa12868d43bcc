package dev.aggregator.billing.subscriptions;

import dev.aggregator.billing.idempotency.IdempotencyKeys;
import dev.aggregator.billing.web.ClientAddress;
import dev.aggregator.common.identity.Identity;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/v1/billing/subscriptions")
@Tag(name = "Billing")
class SubscriptionsController {

    private final Subscriptions subscriptions;

    SubscriptionsController(Subscriptions subscriptions) {
        this.subscriptions = subscriptions;
    }

    @PostMapping
    @Operation(
            summary = "Subscribe to a plan (OWNER or ADMIN)",
            description = "Charges the plan's monthly_price from the available balance (402 when short) and renews"
                    + " monthly. 409 when the company already has an active subscription. Accepts Idempotency-Key.")
    ResponseEntity<SubscriptionView> subscribe(
            Identity identity,
            @Valid @RequestBody SubscribeRequest request,
            @RequestHeader(name = IdempotencyKeys.HEADER, required = false) @Size(min = 1, max = 200)
                    String idempotencyKey,
            HttpServletRequest http) {
        return subscriptions
                .subscribe(identity, request, idempotencyKey, ClientAddress.of(http))
                .toResponse();
    }

    @GetMapping("/current")
    @Operation(summary = "The company's active subscription (404 when none)")
    SubscriptionView current(Identity identity) {
        return subscriptions.current(identity.companyId());
    }

    @DeleteMapping("/current")
    @Operation(
            summary = "Cancel at the end of the paid period (OWNER or ADMIN)",
            description = "The subscription stays active until current_period_end and is not renewed. No refund.")
    SubscriptionView cancel(Identity identity, HttpServletRequest http) {
        return subscriptions.cancel(identity, ClientAddress.of(http));
    }
}
