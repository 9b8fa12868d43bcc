package dev.aggregator.billing.topups;

import dev.aggregator.billing.idempotency.IdempotencyKeys;
import dev.aggregator.billing.web.ClientAddress;
import dev.aggregator.billing.web.Tenancy;
import dev.aggregator.common.identity.Identity;
import dev.aggregator.common.web.CursorPage;
import dev.aggregator.common.web.Pagination;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Billing")
class TopUpsController {

    private final TopUps topUps;
    private final StripeWebhooks webhooks;

    TopUpsController(TopUps topUps, StripeWebhooks webhooks) {
        this.topUps = topUps;
        this.webhooks = webhooks;
    }

    @PostMapping("/v1/billing/top-ups")
    @Operation(
            summary = "Top up the balance with Stripe Checkout (OWNER or ADMIN)",
            description = "5 <= amount <= 10000 USD with at most 2 decimals. Answers a PENDING top-up with the"
                    + " checkout_url to send the customer to; the balance is credited when Stripe reports the"
                    + " payment. 503 payments-not-configured without STRIPE_SECRET_KEY. Accepts Idempotency-Key:"
                    + " a retry gets the same top-up and Checkout Session.")
    ResponseEntity<TopUpView> create(
            Identity identity,
            @Valid @RequestBody CreateTopUpRequest request,
            @RequestHeader(name = IdempotencyKeys.HEADER, required = false) @Size(min = 1, max = 200)
                    String idempotencyKey,
            HttpServletRequest http) {
        return topUps.create(identity, request, idempotencyKey, ClientAddress.of(http))
                .toResponse();
    }

    @GetMapping("/v1/billing/top-ups")
    @Operation(summary = "The company's top-ups, newest first", description = "A PLATFORM_ADMIN may pass company_id.")
    CursorPage<TopUpView> list(
            Identity identity,
            @RequestParam(required = false) Integer limit,
            @RequestParam(required = false) String cursor,
            @RequestParam(name = "company_id", required = false) UUID companyId) {
        return topUps.page(Tenancy.companyFor(identity, companyId), cursor, Pagination.limit(limit));
    }

    /**
     * Stripe's webhook: no caller identity (the gateway forwards it anonymously), authenticated by
     * its signature instead. The body is taken as bytes so the signature is checked over exactly
     * what Stripe signed.
     */
    @PostMapping("/v1/billing/webhooks/stripe")
    @Operation(
            summary = "Stripe webhook (no authentication; Stripe-Signature verified)",
            description = "Handles checkout.session.completed, checkout.session.async_payment_succeeded,"
                    + " checkout.session.expired and charge.refunded; other types are acknowledged and ignored."
                    + " A missing or bad signature, or one older than 5 minutes, is a 400.")
    Map<String, Object> stripeWebhook(
            @RequestBody(required = false) byte[] body,
            @RequestHeader(name = "Stripe-Signature", required = false) String signature,
            HttpServletRequest http) {
        var payload = body == null ? "" : new String(body, StandardCharsets.UTF_8);
        var type = webhooks.receive(payload, signature, ClientAddress.of(http));
        var answer = new LinkedHashMap<String, Object>();
        answer.put("received", true);
        if (type != null) answer.put("type", type);
        return answer;
    }
}
