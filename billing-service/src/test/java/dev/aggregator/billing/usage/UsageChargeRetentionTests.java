package dev.aggregator.billing.usage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aggregator.billing.BillingIntegrationTest;
import dev.aggregator.common.events.UsageRecorded;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.AmqpRejectAndDontRequeueException;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * usage_charge keeps one row per request for its retention (30 days), then is purged; an event
 * older than the retention is refused, so a purged row never lets a request be charged twice.
 */
class UsageChargeRetentionTests extends BillingIntegrationTest {

    @Autowired
    UsageChargePurgeJob purgeJob;

    @Autowired
    UsageSettlement settlement;

    @Autowired
    TransactionTemplate transactions;

    private void settle(UsageRecorded event) {
        transactions.executeWithoutResult(status -> settlement.settle(List.of(event)));
    }

    private void age(UUID usageId, Duration age) {
        jdbc.sql("UPDATE usage_charge SET updated_at = now() - ?::interval WHERE usage_id = ?")
                .params(age.toSeconds() + " seconds", usageId)
                .update();
    }

    private boolean kept(UUID usageId) {
        return jdbc.sql("SELECT count(*) FROM usage_charge WHERE usage_id = ?")
                        .param(usageId)
                        .query(Long.class)
                        .single()
                == 1;
    }

    @Test
    void rowsUntouchedForLongerThanTheRetentionAndADayArePurgedTheOthersKept() {
        var company = UUID.randomUUID();
        credit(company, "10");
        var old = UUID.randomUUID();
        var borderline = UUID.randomUUID();
        var recent = UUID.randomUUID();
        for (var usageId : List.of(old, borderline, recent)) settle(usage(company, usageId, null, "0.1", false));
        age(old, Duration.ofDays(32));
        age(borderline, Duration.ofDays(30).plusHours(12));

        assertThat(purgeJob.purge()).isGreaterThanOrEqualTo(1);

        assertThat(kept(old)).isFalse();
        assertThat(kept(borderline)).isTrue();
        assertThat(kept(recent)).isTrue();
        assertThat(balanceOf(company).decimal("balance")).isEqualByComparingTo("9.7");
    }

    @Test
    void anEventOlderThanTheRetentionIsRefusedRatherThanChargedAgain() {
        var company = UUID.randomUUID();
        credit(company, "10");
        var usageId = UUID.randomUUID();
        var event = usage(company, usageId, null, "0.5", false);
        var stale = occurredAt(event, Instant.now().minus(Duration.ofDays(31)));

        assertThatThrownBy(() -> settle(stale))
                .isInstanceOf(AmqpRejectAndDontRequeueException.class)
                .hasMessageContaining("retention");
        assertThat(kept(usageId)).isFalse();
        assertThat(balanceOf(company).decimal("balance")).isEqualByComparingTo("10");
    }
}
