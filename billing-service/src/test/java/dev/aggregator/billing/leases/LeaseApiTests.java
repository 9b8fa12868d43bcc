package dev.aggregator.billing.leases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.aggregator.billing.BillingIntegrationTest;
import dev.aggregator.common.events.EventsProperties;
import dev.aggregator.common.events.UsageRecorded;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;

/** The proxy's lease calls over HTTP, against the real database. */
class LeaseApiTests extends BillingIntegrationTest {

    @Autowired
    RabbitTemplate rabbit;

    @Autowired
    EventsProperties events;

    @Autowired
    LeaseExpiryJob expiryJob;

    private Response extend(UUID lease, String minimum, String desired) {
        return post("/internal/leases/" + lease + "/extend", proxyService(), """
                {"minimum": %s, "desired": %s}""".formatted(minimum, desired));
    }

    private String status(UUID lease) {
        return jdbc.sql("SELECT status FROM lease WHERE id = ?")
                .param(lease)
                .query(String.class)
                .single();
    }

    private void assertReserved(UUID company, String reserved) {
        assertThat(balanceOf(company).decimal("reserved")).isEqualByComparingTo(reserved);
        assertLedgerMatchesAccount(company);
    }

    @ParameterizedTest(name = "available {0}, minimum {1}, desired {2} -> {3}")
    @CsvSource({
        // Plenty: the slice is desired.
        "100, 0.01, 5, 5",
        // Short: a quarter of what is available, floored to 8 places.
        "10, 0.1, 5, 2.5",
        "0.99999999, 0.00000001, 5, 0.24999999",
        // A quarter is less than the minimum: exactly the minimum.
        "1, 1, 5, 1",
        "0.00000003, 0.00000001, 5, 0.00000001",
        "0.6, 0.6, 0.6, 0.6"
    })
    void grantsMinOfDesiredAndTheLargerOfMinimumAndAQuarterOfWhatIsAvailable(
            String available, String minimum, String desired, String expected) {
        var company = UUID.randomUUID();
        credit(company, available);

        var granted = grantLease(company, minimum, desired);

        assertThat(granted.status()).as(granted.toString()).isEqualTo(201);
        assertThat(granted.decimal("amount")).isEqualByComparingTo(expected);
        assertThat(Instant.parse(granted.text("expires_at")))
                .isBetween(
                        Instant.now().plus(Duration.ofMinutes(29)),
                        Instant.now().plus(Duration.ofMinutes(31)));
        assertReserved(company, expected);
    }

    @Test
    void slicesShrinkAsFundsRunShortUntilTheMinimumIsRefusedExactly() {
        var company = UUID.randomUUID();
        credit(company, "10");

        assertThat(grantLease(company, "1", "5").decimal("amount")).isEqualByComparingTo("2.5");
        assertThat(grantLease(company, "1", "5").decimal("amount")).isEqualByComparingTo("1.875");
        assertThat(grantLease(company, "1", "5").decimal("amount")).isEqualByComparingTo("1.40625");
        assertThat(grantLease(company, "1", "5").decimal("amount")).isEqualByComparingTo("1.0546875");
        // available 3.1640625: a quarter is below the minimum, so exactly the minimum, three times.
        for (int i = 0; i < 3; i++) {
            assertThat(grantLease(company, "1", "5").decimal("amount")).isEqualByComparingTo("1");
        }
        var refused = grantLease(company, "0.16406251", "5");
        assertThat(refused.status()).isEqualTo(402);
        assertThat(refused.decimal("required")).isEqualByComparingTo("0.16406251");
        assertThat(refused.decimal("available")).isEqualByComparingTo("0.1640625");
        assertThat(grantLease(company, "0.1640625", "5").decimal("amount")).isEqualByComparingTo("0.1640625");
        assertReserved(company, "10");
    }

    @Test
    void aCompanyWithoutAnAccountIsRefused() {
        var refused = grantLease(UUID.randomUUID(), "0.01", "1");

        assertThat(refused.status()).isEqualTo(402);
        assertThat(refused.decimal("available")).isEqualByComparingTo("0");
    }

    @Test
    void amountsMayBeStringsButNotMoreThanEightPlacesNorDesiredBelowMinimum() {
        var company = UUID.randomUUID();
        credit(company, "10");

        var asStrings = grantLease(company, "\"0.5\"", "\"1\"");
        var tooPrecise = grantLease(company, "0.123456789", "1");
        var desiredBelowMinimum = grantLease(company, "2", "1");

        assertThat(asStrings.status()).isEqualTo(201);
        assertThat(asStrings.decimal("amount")).isEqualByComparingTo("1");
        assertThat(tooPrecise.status()).isEqualTo(400);
        assertThat(desiredBelowMinimum.status()).isEqualTo(400);
        assertReserved(company, "1");
    }

    @Test
    void onlyAServiceMayManageLeases() {
        var company = UUID.randomUUID();
        credit(company, "10");
        var body = """
                {"company_id": "%s", "holder": "x", "minimum": 1, "desired": 1}""".formatted(company);

        var asMember = post("/internal/leases", owner(company), body);
        var anonymous = post("/internal/leases", null, body);
        var closeAsMember = post("/internal/leases/" + lease(company, "2") + "/close", owner(company), """
                {"recorded_cost": 0}""");

        assertThat(asMember.status()).isIn(401, 403);
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(closeAsMember.status()).isIn(401, 403);
        assertReserved(company, "2");
    }

    @Test
    void extendAddsASliceToTheTotalAndPushesTheExpiry() {
        var company = UUID.randomUUID();
        credit(company, "100");
        var lease = lease(company, "5");
        jdbc.sql("UPDATE lease SET expires_at = now() + interval '1 minute' WHERE id = ?")
                .param(lease)
                .update();

        var extended = extend(lease, "1", "10");

        assertThat(extended.status()).isEqualTo(200);
        assertThat(extended.text("lease_id")).isEqualTo(lease.toString());
        assertThat(extended.decimal("amount")).isEqualByComparingTo("15");
        assertThat(Instant.parse(extended.text("expires_at")))
                .isAfter(Instant.now().plus(Duration.ofMinutes(29)));
        assertReserved(company, "15");
    }

    @Test
    void extendIsRefusedWith402WhenTheMinimumIsNotAvailable() {
        var company = UUID.randomUUID();
        credit(company, "10");
        var lease = lease(company, "9.5");

        var refused = extend(lease, "0.50000001", "1");
        var granted = extend(lease, "0.5", "1");

        assertThat(refused.status()).isEqualTo(402);
        assertThat(refused.decimal("required")).isEqualByComparingTo("0.50000001");
        assertThat(refused.decimal("available")).isEqualByComparingTo("0.5");
        assertThat(granted.decimal("amount")).isEqualByComparingTo("10");
        assertReserved(company, "10");
    }

    @Test
    void extendingALeaseThatIsNoLongerActiveIsAConflictAndAnUnknownOneNotFound() {
        var company = UUID.randomUUID();
        credit(company, "10");
        var lease = lease(company, "2");
        closeLease(lease, "0");

        assertThat(extend(lease, "1", "1").status()).isEqualTo(409);
        assertThat(extend(UUID.randomUUID(), "1", "1").status()).isEqualTo(404);
        assertReserved(company, "0");
    }

    @Test
    void renewPushesActiveLeasesAndNamesTheEndedOnes() {
        var company = UUID.randomUUID();
        credit(company, "10");
        var active = lease(company, "1");
        var closed = lease(company, "1");
        var unknown = UUID.randomUUID();
        closeLease(closed, "0");
        jdbc.sql("UPDATE lease SET expires_at = now() + interval '1 minute' WHERE id = ?")
                .param(active)
                .update();

        var renewed = post("/internal/leases/renew", proxyService(), """
                {"lease_ids": ["%s", "%s", "%s"]}""".formatted(active, closed, unknown));

        assertThat(renewed.status()).isEqualTo(200);
        assertThat(renewed.body().get("ended").valueStream().map(n -> n.asString()))
                .containsExactlyInAnyOrder(closed.toString(), unknown.toString());
        var expiresAt = jdbc.sql("SELECT expires_at FROM lease WHERE id = ?")
                .param(active)
                .query(java.time.OffsetDateTime.class)
                .single()
                .toInstant();
        assertThat(expiresAt).isAfter(Instant.now().plus(Duration.ofMinutes(29)));
    }

    @Test
    void closeReturnsWhatWasNotRecordedAtOnceAndIsIdempotent() {
        var company = UUID.randomUUID();
        credit(company, "10");
        var lease = lease(company, "4");

        var first = closeLease(lease, "1.5");
        var again = closeLease(lease, "3");

        assertThat(first.status()).isEqualTo(204);
        assertThat(again.status()).isEqualTo(204);
        assertThat(status(lease)).isEqualTo("CLOSING");
        assertReserved(company, "1.5");
        assertThat(balanceOf(company).decimal("available")).isEqualByComparingTo("8.5");
        assertThat(closeLease(UUID.randomUUID(), "0").status()).isEqualTo(404);
    }

    @Test
    void closingWithNothingRecordedClosesAtOnce() {
        var company = UUID.randomUUID();
        credit(company, "10");
        var lease = lease(company, "4");

        closeLease(lease, "0");

        assertThat(status(lease)).isEqualTo("CLOSED");
        assertReserved(company, "0");
    }

    @Test
    void settlingUpToTheRecordedCostAfterCloseClosesTheLease() {
        var company = UUID.randomUUID();
        credit(company, "10");
        var lease = lease(company, "4");
        closeLease(lease, "1.5");

        rabbit.convertAndSend(
                events.exchange(), UsageRecorded.TYPE, usage(company, UUID.randomUUID(), lease, "1", false));
        rabbit.convertAndSend(
                events.exchange(), UsageRecorded.TYPE, usage(company, UUID.randomUUID(), lease, "0.5", false));

        await().atMost(Duration.ofSeconds(20)).until(() -> status(lease).equals("CLOSED"));
        var balance = balanceOf(company);
        assertThat(balance.decimal("balance")).isEqualByComparingTo("8.5");
        assertReserved(company, "0");
    }

    @Test
    void expiryReleasesTheHoldOfActiveAndClosingLeases() {
        var company = UUID.randomUUID();
        credit(company, "10");
        var active = lease(company, "3");
        var closing = lease(company, "3");
        closeLease(closing, "1");
        jdbc.sql("UPDATE lease SET expires_at = now() - interval '1 second' WHERE id IN (?, ?)")
                .params(active, closing)
                .update();

        expiryJob.expireOverdue();

        assertThat(status(active)).isEqualTo("EXPIRED");
        assertThat(status(closing)).isEqualTo("EXPIRED");
        assertReserved(company, "0");
        assertThat(extend(active, "1", "1").status()).isEqualTo(409);
    }
}
