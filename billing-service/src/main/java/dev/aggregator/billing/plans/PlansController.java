package dev.aggregator.billing.plans;

import dev.aggregator.billing.ledger.Money;
import dev.aggregator.common.identity.Identity;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.math.BigDecimal;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Billing")
class PlansController {

    record PlanView(
            String id,
            String name,
            BigDecimal monthlyPrice,
            String currency,
            long tokensIncluded,
            BigDecimal discountPercent,
            String description) {

        static PlanView of(Plan plan) {
            return new PlanView(
                    plan.id(),
                    plan.name(),
                    Money.plain(plan.monthlyPrice()),
                    Money.CURRENCY,
                    plan.tokensIncluded(),
                    Money.plain(plan.discountPercent()),
                    plan.description());
        }
    }

    record PlanList(List<PlanView> data) {}

    private final Plans plans;

    PlansController(Plans plans) {
        this.plans = plans;
    }

    @GetMapping("/v1/billing/plans")
    @Operation(summary = "The plans a company can subscribe to, cheapest first")
    PlanList plans(Identity identity) {
        return new PlanList(plans.active().stream().map(PlanView::of).toList());
    }
}
