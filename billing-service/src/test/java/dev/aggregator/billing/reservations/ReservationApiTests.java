package dev.aggregator.billing.reservations;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aggregator.billing.BillingIntegrationTest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

class ReservationApiTests extends BillingIntegrationTest {

    @Autowired
    ReservationExpiryJob expiryJob;

    private Response reserve(UUID company, String requestId, String amount) {
        return post(
                "/internal/reservations", proxyService(), """
                {"request_id": "%s", "company_id": "%s", "api_key_id": "%s", "amount": %s}""".formatted(requestId, company, UUID.randomUUID(), amount));
    }

    private static String requestId() {
        return "req_" + UUID.randomUUID().toString().replace("-", "");
    }

    @Test
    void reservesWithinTheAvailableBalance() {
        var company = UUID.randomUUID();
        credit(company, "10");

        var reservation = reserve(company, requestId(), "2.50000001");

        assertThat(reservation.status()).isEqualTo(201);
        assertThat(reservation.text("reservation_id")).isNotBlank();
        assertThat(reservation.decimal("amount")).isEqualByComparingTo("2.50000001");
        assertThat(reservation.text("expires_at")).endsWith("Z");
        var balance = balanceOf(company);
        assertThat(balance.decimal("balance")).isEqualByComparingTo("10");
        assertThat(balance.decimal("reserved")).isEqualByComparingTo("2.50000001");
        assertThat(balance.decimal("available")).isEqualByComparingTo("7.49999999");
        assertLedgerMatchesAccount(company);
    }

    @Test
    void refusesMoreThanIsAvailableWith402() {
        var company = UUID.randomUUID();
        credit(company, "1");
        reserve(company, requestId(), "0.4");

        var refused = reserve(company, requestId(), "0.60000001");

        assertThat(refused.status()).isEqualTo(402);
        assertThat(refused.decimal("required")).isEqualByComparingTo("0.60000001");
        assertThat(refused.decimal("available")).isEqualByComparingTo("0.6");
        assertThat(balanceOf(company).decimal("reserved")).isEqualByComparingTo("0.4");
        assertLedgerMatchesAccount(company);
    }

    @Test
    void companyWithoutAnAccountIsRefused() {
        var refused = reserve(UUID.randomUUID(), requestId(), "0.01");

        assertThat(refused.status()).isEqualTo(402);
        assertThat(refused.decimal("available")).isEqualByComparingTo("0");
    }

    @Test
    void theSameRequestIdReturnsTheSameReservation() {
        var company = UUID.randomUUID();
        credit(company, "10");
        var requestId = requestId();

        var first = reserve(company, requestId, "3");
        var again = reserve(company, requestId, "3");

        assertThat(again.status()).isEqualTo(201);
        assertThat(again.text("reservation_id")).isEqualTo(first.text("reservation_id"));
        assertThat(balanceOf(company).decimal("reserved")).isEqualByComparingTo("3");
    }

    @Test
    void theSameRequestIdForAnotherAmountIsAConflict() {
        var company = UUID.randomUUID();
        credit(company, "10");
        var requestId = requestId();
        reserve(company, requestId, "3");

        var conflicting = reserve(company, requestId, "4");

        assertThat(conflicting.status()).isEqualTo(409);
        assertThat(balanceOf(company).decimal("reserved")).isEqualByComparingTo("3");
    }

    @Test
    void requestIdsOfDifferentCompaniesNeverMeet() {
        var a = UUID.randomUUID();
        var b = UUID.randomUUID();
        credit(a, "10");
        credit(b, "10");
        var requestId = requestId();

        var forA = reserve(a, requestId, "1");
        var forB = reserve(b, requestId, "1");

        assertThat(forB.status()).isEqualTo(201);
        assertThat(forB.text("reservation_id")).isNotEqualTo(forA.text("reservation_id"));
    }

    @Test
    void concurrentReservationsNeverHoldMoreThanIsAvailable() throws Exception {
        var company = UUID.randomUUID();
        credit(company, "1");
        var calls = new ArrayList<Callable<Response>>();
        for (int i = 0; i < 10; i++) calls.add(() -> reserve(company, requestId(), "0.3"));

        int held = 0;
        try (var pool = Executors.newFixedThreadPool(10)) {
            for (var result : pool.invokeAll(calls)) {
                if (result.get().status() == 201) held++;
                else assertThat(result.get().status()).isEqualTo(402);
            }
        }

        assertThat(held).isEqualTo(3);
        assertThat(balanceOf(company).decimal("reserved")).isEqualByComparingTo("0.9");
        assertLedgerMatchesAccount(company);
    }

    @Test
    void concurrentRetriesOfOneRequestHoldItsAmountOnce() throws Exception {
        var company = UUID.randomUUID();
        credit(company, "10");
        var requestId = requestId();
        var calls = new ArrayList<Callable<Response>>();
        for (int i = 0; i < 6; i++) calls.add(() -> reserve(company, requestId, "2"));

        var ids = new HashSet<String>();
        try (var pool = Executors.newFixedThreadPool(6)) {
            for (var result : pool.invokeAll(calls)) {
                assertThat(result.get().status()).isEqualTo(201);
                ids.add(result.get().text("reservation_id"));
            }
        }

        assertThat(ids).hasSize(1);
        assertThat(balanceOf(company).decimal("reserved")).isEqualByComparingTo("2");
        assertLedgerMatchesAccount(company);
    }

    @Test
    void releaseReturnsTheFundsOnce() {
        var company = UUID.randomUUID();
        credit(company, "10");
        var reservation = reserve(company, requestId(), "4");
        var path = "/internal/reservations/" + reservation.text("reservation_id") + "/release";

        var first = post(path, proxyService(), null);
        var second = post(path, proxyService(), null);

        assertThat(first.status()).isEqualTo(204);
        assertThat(second.status()).isEqualTo(204);
        var balance = balanceOf(company);
        assertThat(balance.decimal("reserved")).isEqualByComparingTo("0");
        assertThat(balance.decimal("available")).isEqualByComparingTo("10");
        assertLedgerMatchesAccount(company);
    }

    @Test
    void releasingAnUnknownReservationIsNotFound() {
        var response = post("/internal/reservations/" + UUID.randomUUID() + "/release", proxyService(), null);

        assertThat(response.status()).isEqualTo(404);
    }

    @Test
    void invalidReservationsAreRejected() {
        var company = UUID.randomUUID();
        credit(company, "10");

        var tooPrecise = reserve(company, requestId(), "0.000000001");
        var negative = reserve(company, requestId(), "-1");
        var noRequestId = post("/internal/reservations", proxyService(), """
                {"company_id": "%s", "amount": 1}""".formatted(company));

        assertThat(tooPrecise.status()).isEqualTo(400);
        assertThat(negative.status()).isEqualTo(400);
        assertThat(noRequestId.status()).isEqualTo(400);
        assertThat(balanceOf(company).decimal("reserved")).isEqualByComparingTo("0");
    }

    @Test
    void onlyServicesMayReserve() {
        var company = UUID.randomUUID();
        credit(company, "10");

        var asMember = post("/internal/reservations", owner(company), """
                {"request_id": "%s", "company_id": "%s", "amount": 1}""".formatted(requestId(), company));

        assertThat(asMember.status()).isEqualTo(401);
        assertThat(balanceOf(company).decimal("reserved")).isEqualByComparingTo("0");
    }

    @Test
    void theExpiryJobReleasesOverdueReservationsOnly() {
        var company = UUID.randomUUID();
        credit(company, "10");
        var overdue = reserve(company, requestId(), "3");
        reserve(company, requestId(), "2");
        jdbc.sql("UPDATE reservation SET expires_at = now() - interval '1 minute' WHERE id = ?")
                .param(UUID.fromString(overdue.text("reservation_id")))
                .update();

        expiryJob.expireOverdue();

        var balance = balanceOf(company);
        assertThat(balance.decimal("reserved")).isEqualByComparingTo("2");
        assertThat(balance.decimal("available")).isEqualByComparingTo("8");
        assertThat(jdbc.sql("SELECT status FROM reservation WHERE id = ?")
                        .param(UUID.fromString(overdue.text("reservation_id")))
                        .query(String.class)
                        .single())
                .isEqualTo("EXPIRED");
        // An expired reservation is over: releasing it later changes nothing.
        post("/internal/reservations/" + overdue.text("reservation_id") + "/release", proxyService(), null);
        assertThat(balanceOf(company).decimal("reserved")).isEqualByComparingTo("2");
        assertLedgerMatchesAccount(company);
    }
}
