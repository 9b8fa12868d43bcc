package dev.aggregator.billing.referrals;

import dev.aggregator.billing.web.Tenancy;
import dev.aggregator.common.identity.Identity;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Referrals")
class ReferralsController {

    private final ReferralOverview overview;

    ReferralsController(ReferralOverview overview) {
        this.overview = overview;
    }

    @GetMapping("/v1/referrals")
    @Operation(
            summary = "The company's referral code and earnings",
            description = "The referrer earns commission_percent of every settled usage cost of each company it"
                    + " referred, rounded half-even to 8 decimal places. Lists the newest 500 referred companies;"
                    + " referred_count and total_commission cover all. A PLATFORM_ADMIN may pass company_id.")
    ReferralsView referrals(Identity identity, @RequestParam(name = "company_id", required = false) UUID companyId) {
        return overview.of(Tenancy.companyFor(identity, companyId));
    }
}
