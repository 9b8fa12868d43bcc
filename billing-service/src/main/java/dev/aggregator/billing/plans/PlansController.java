package dev.aggregator.billing.plans;

import dev.aggregator.billing.audit.AuditTrail;
import dev.aggregator.billing.ledger.Money;
import dev.aggregator.billing.web.ClientAddress;
import dev.aggregator.common.identity.Identity;
import dev.aggregator.common.web.ApiException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Billing")
class PlansController {

    private static final Pattern PLAN_ID = Pattern.compile("[a-z0-9][a-z0-9_-]{0,39}");
    private static final int LAST = 1000;

    record PlanView(
            String id,
            String name,
            BigDecimal monthlyPrice,
            BigDecimal includedUsage,
            BigDecimal discountPercent,
            String currency,
            String description) {

        static PlanView of(Plan plan) {
            return new PlanView(
                    plan.id(),
                    plan.name(),
                    Money.plain(plan.monthlyPrice()),
                    Money.plain(plan.includedUsage()),
                    Money.plain(plan.discountPercent()),
                    Money.CURRENCY,
                    plan.description());
        }
    }

    record PlanList(List<PlanView> data) {}

    private final Plans plans;
    private final AuditTrail audit;

    PlansController(Plans plans, AuditTrail audit) {
        this.plans = plans;
        this.audit = audit;
    }

    @GetMapping("/v1/billing/plans")
    @Operation(
            summary = "The plans a company can subscribe to",
            description = "Each plan is a monthly token package: included_usage is the USD value of usage at "
                    + "pay-as-you-go prices each period covers; monthly_price = included_usage × (1 − "
                    + "discount_percent / 100), rounded half-even to 8 places.")
    PlanList plans(Identity identity) {
        return new PlanList(plans.active().stream().map(PlanView::of).toList());
    }

    @PutMapping("/v1/billing/plans/{id}")
    @Transactional
    @Operation(
            summary = "Create or replace a plan (PLATFORM_ADMIN)",
            description = "The price follows from included_usage and discount_percent. Subscribers keep what they "
                    + "bought for the running period; renewals charge and grant what the plan says then.")
    PlanView save(
            Identity identity,
            @PathVariable String id,
            @Valid @RequestBody SavePlanRequest body,
            HttpServletRequest request) {
        identity.requirePlatformAdmin();
        if (!PLAN_ID.matcher(id).matches()) {
            throw ApiException.badRequest("id", "must be 1 to 40 lower-case letters, digits, '-' or '_'");
        }
        var price = Plan.priceOf(body.includedUsage(), body.discountPercent());
        if (price.signum() <= 0) throw ApiException.badRequest("included_usage", "gives a price of zero");
        var saved = plans.save(
                new Plan(
                        id,
                        body.name().strip(),
                        price,
                        body.includedUsage(),
                        body.discountPercent(),
                        body.description().strip()),
                body.active() == null || body.active(),
                body.sortOrder() == null ? LAST : body.sortOrder());
        audit.record(
                identity,
                null,
                "billing.plan.saved",
                "plan:" + id,
                ClientAddress.of(request),
                Map.of(
                        "monthly_price", Money.plain(saved.monthlyPrice()).toPlainString(),
                        "included_usage", Money.plain(saved.includedUsage()).toPlainString(),
                        "discount_percent", Money.plain(saved.discountPercent()).toPlainString()));
        return PlanView.of(saved);
    }
}
