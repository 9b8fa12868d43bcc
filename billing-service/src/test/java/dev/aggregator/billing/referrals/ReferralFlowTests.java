package dev.aggregator.billing.referrals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.aggregator.billing.BillingIntegrationTest;
import dev.aggregator.common.events.CompanyRegistered;
import dev.aggregator.common.events.EventsProperties;
import dev.aggregator.common.events.UsageRecorded;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;

class ReferralFlowTests extends BillingIntegrationTest {

    private static final Duration DELIVERY = Duration.ofSeconds(20);

    @Autowired
    RabbitTemplate rabbit;

    @Autowired
    EventsProperties events;

    private void register(UUID company, String name, String code, UUID referredBy) {
        rabbit.convertAndSend(
                events.exchange(), CompanyRegistered.TYPE, CompanyRegistered.of(company, name, code, referredBy));
    }

    private void awaitRegistered(UUID company) {
        await().atMost(DELIVERY)
                .until(() -> jdbc.sql("SELECT count(*) FROM account WHERE company_id = ? AND referral_code IS NOT NULL")
                                .param(company)
                                .query(Long.class)
                                .single()
                        == 1);
    }

    private void settle(UUID company, String cost) {
        rabbit.convertAndSend(
                events.exchange(), UsageRecorded.TYPE, usage(company, UUID.randomUUID(), null, cost, false));
    }

    @Test
    void registrationOpensTheAccountWithItsReferralCode() {
        var company = UUID.randomUUID();

        register(company, "Acme", "ACME-" + company, null);

        awaitRegistered(company);
        var referrals = get("/v1/referrals", owner(company));
        assertThat(referrals.status()).isEqualTo(200);
        assertThat(referrals.text("referral_code")).isEqualTo("ACME-" + company);
        assertThat(referrals.body().get("referred_count").asLong()).isZero();
        assertThat(referrals.decimal("total_commission")).isEqualByComparingTo("0");
        assertThat(balanceOf(company).decimal("balance")).isEqualByComparingTo("0");
    }

    @Test
    void aLateRegistrationKeepsTheMoneyAlreadyThere() {
        var company = UUID.randomUUID();
        credit(company, "12");

        register(company, "Late Ltd", "LATE-" + company, null);

        awaitRegistered(company);
        assertThat(balanceOf(company).decimal("balance")).isEqualByComparingTo("12");
        assertLedgerMatchesAccount(company);
    }

    @Test
    void theReferrerEarnsFivePercentOfEachSettledCostRoundedHalfEven() {
        var referrer = UUID.randomUUID();
        var referred = UUID.randomUUID();
        register(referrer, "Referrer Inc", "REF-" + referrer, null);
        register(referred, "Referred LLC", "NEW-" + referred, referrer);
        awaitRegistered(referrer);
        awaitRegistered(referred);
        credit(referred, "10");

        // 5 % of 2.00000010 is 0.100000005: half-even to 8 places gives 0.10000000.
        settle(referred, "2.0000001");
        settle(referred, "0.5");

        await().atMost(DELIVERY)
                .untilAsserted(
                        () -> assertThat(balanceOf(referrer).decimal("balance")).isEqualByComparingTo("0.125"));
        assertThat(balanceOf(referred).decimal("balance")).isEqualByComparingTo("7.4999999");
        var overview = get("/v1/referrals", owner(referrer));
        assertThat(overview.text("referral_code")).isEqualTo("REF-" + referrer);
        assertThat(overview.body().get("referred_count").asLong()).isEqualTo(1);
        assertThat(overview.decimal("total_commission")).isEqualByComparingTo("0.125");
        assertThat(overview.decimal("commission_percent")).isEqualByComparingTo("5");
        var listed = overview.body().get("referrals").get(0);
        assertThat(listed.get("company_id").asString()).isEqualTo(referred.toString());
        assertThat(listed.get("name").asString()).isEqualTo("Referred LLC");
        assertThat(listed.get("commission").decimalValue()).isEqualByComparingTo("0.125");
        var commissions = get("/v1/billing/transactions?type=REFERRAL_COMMISSION", owner(referrer))
                .body()
                .get("data");
        assertThat(commissions).hasSize(2);
        assertThat(commissions.get(0).get("description").asString()).contains("5% of usage by Referred LLC");
        assertLedgerMatchesAccount(referrer);
        assertLedgerMatchesAccount(referred);
    }

    @Test
    void aCompanyCannotReadAnotherCompanysReferrals() {
        var response = get("/v1/referrals?company_id=" + UUID.randomUUID(), owner(UUID.randomUUID()));

        assertThat(response.status()).isEqualTo(404);
    }
}
