package dev.aggregator.console.billing;

import static dev.aggregator.console.support.ConsoleSliceTest.answer;
import static dev.aggregator.console.support.ConsoleSliceTest.buildUris;
import static dev.aggregator.console.support.ConsoleSliceTest.refuse;
import static dev.aggregator.console.support.ConsoleSliceTest.signedIn;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.aggregator.console.api.GatewayApi;
import dev.aggregator.console.support.ConsoleSliceTest;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.http.HttpMethod;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

@WebMvcTest(BillingController.class)
@ConsoleSliceTest.Slice
class BillingControllerTests {

    @Autowired
    MockMvc mvc;

    @MockitoBean
    GatewayApi api;

    @BeforeEach
    void billing() {
        buildUris(api);
        answer(
                api,
                HttpMethod.GET,
                "/v1/billing/balance",
                Map.of(
                        "balance",
                        new BigDecimal("20.00000000"),
                        "reserved",
                        BigDecimal.ZERO,
                        "available",
                        new BigDecimal("20.00000000"),
                        "package_remaining",
                        BigDecimal.ZERO));
        answer(api, HttpMethod.GET, "/v1/billing/transactions", Map.of("data", List.of()));
        answer(api, HttpMethod.GET, "/v1/billing/plans", Map.of("data", List.of()));
        answer(
                api,
                HttpMethod.GET,
                "/v1/billing/top-ups",
                Map.of(
                        "data",
                        List.of(Map.of(
                                "id",
                                "t1",
                                "amount",
                                new BigDecimal("20.00"),
                                "status",
                                "PAID",
                                "created_at",
                                "2026-12-01T00:00:00Z"))));
        refuse(api, HttpMethod.GET, "/v1/billing/subscriptions/current", 404, "No subscription");
    }

    @Test
    void aTopUpSendsTheBrowserToStripeCheckout() throws Exception {
        answer(
                api,
                HttpMethod.POST,
                "/v1/billing/top-ups",
                Map.of("id", "t2", "status", "PENDING", "checkout_url", "https://checkout.stripe.com/c/pay/cs_test_1"));

        mvc.perform(post("/billing/top-ups")
                        .with(csrf())
                        .session(signedIn("OWNER"))
                        .param("amount", "20"))
                .andExpect(redirectedUrl("https://checkout.stripe.com/c/pay/cs_test_1"));
    }

    @Test
    void aRefusedTopUpStaysOnTheBillingPageWithTheApisMessage() throws Exception {
        refuse(api, HttpMethod.POST, "/v1/billing/top-ups", 503, "Payments are not configured.");

        mvc.perform(post("/billing/top-ups")
                        .with(csrf())
                        .session(signedIn("OWNER"))
                        .param("amount", "20"))
                .andExpect(redirectedUrl("/billing"))
                .andExpect(flash().attribute("error", "Payments are not configured."));
    }

    @Test
    void theReturnPageShowsThePaidTopUpAndTheBalance() throws Exception {
        mvc.perform(get("/billing/top-ups/t1").param("checkout", "success").session(signedIn("OWNER")))
                .andExpect(status().isOk())
                .andExpect(content().string(Matchers.containsString("Payment received")))
                .andExpect(content().string(Matchers.containsString("$20<")));
    }

    @Test
    void aMemberSeesNoTopUpFormAndAnEmptyLedgerSaysSo() throws Exception {
        mvc.perform(get("/billing").session(signedIn("MEMBER")))
                .andExpect(status().isOk())
                .andExpect(content().string(Matchers.not(Matchers.containsString("id=\"top-up\""))))
                .andExpect(content().string(Matchers.containsString("No transactions match.")));
    }

    @Test
    void anUnreachableApiIsShownAsAnErrorState() throws Exception {
        org.mockito.Mockito.reset(api);
        buildUris(api);
        org.mockito.Mockito.when(api.call(
                        org.mockito.ArgumentMatchers.any(),
                        org.mockito.ArgumentMatchers.any(),
                        org.mockito.ArgumentMatchers.any(),
                        org.mockito.ArgumentMatchers.any()))
                .thenThrow(new dev.aggregator.console.api.GatewayUnavailable(new java.io.IOException("refused")));

        mvc.perform(get("/billing").session(signedIn("OWNER")))
                .andExpect(status().isServiceUnavailable())
                .andExpect(content().string(Matchers.containsString("could not be reached")));
    }
}
