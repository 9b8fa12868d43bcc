package dev.aggregator.console.billing;

import static dev.aggregator.console.support.ConsoleSliceTest.answer;
import static dev.aggregator.console.support.ConsoleSliceTest.buildUris;
import static dev.aggregator.console.support.ConsoleSliceTest.pathIs;
import static dev.aggregator.console.support.ConsoleSliceTest.refuse;
import static dev.aggregator.console.support.ConsoleSliceTest.signedIn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.aggregator.console.api.Credentials;
import dev.aggregator.console.api.GatewayApi;
import dev.aggregator.console.support.ConsoleSliceTest;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Pattern;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.http.HttpMethod;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

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
    void aTopUpSendsTheBrowserToStripeCheckoutWithTheFormsKeyAsIdempotencyKey() throws Exception {
        answerTopUp("https://checkout.stripe.com/c/pay/cs_test_1");
        var session = signedIn("OWNER");
        String key = formKey(session, "id=\"top-up\"");

        mvc.perform(topUp(session, "20", key)).andExpect(redirectedUrl("https://checkout.stripe.com/c/pay/cs_test_1"));

        verify(api).call(eq(HttpMethod.POST), pathIs("/v1/billing/top-ups"), carriesKey(key), any());
    }

    @Test
    void aDoubleSubmittedTopUpFormStartsOneCheckoutAndSendsTheBrowserToItTwice() throws Exception {
        answerTopUp("https://checkout.stripe.com/c/pay/cs_test_1");
        var session = signedIn("OWNER");
        String key = formKey(session, "id=\"top-up\"");

        mvc.perform(topUp(session, "20", key)).andExpect(redirectedUrl("https://checkout.stripe.com/c/pay/cs_test_1"));
        mvc.perform(topUp(session, "20", key)).andExpect(redirectedUrl("https://checkout.stripe.com/c/pay/cs_test_1"));

        verify(api, times(1)).call(eq(HttpMethod.POST), pathIs("/v1/billing/top-ups"), any(), any());
    }

    @Test
    void twoSubmissionsOfOneTopUpFormAtTheSameTimeStartOneCheckout() throws Exception {
        // The API takes its time, so that the second submission arrives while the first is under way.
        when(api.call(eq(HttpMethod.POST), pathIs("/v1/billing/top-ups"), any(), any()))
                .thenAnswer(call -> {
                    Thread.sleep(300);
                    return Map.of("id", "t2", "checkout_url", "https://checkout.stripe.com/c/pay/cs_test_1");
                });
        var session = signedIn("OWNER");
        String key = formKey(session, "id=\"top-up\"");
        var barrier = new CyclicBarrier(2);

        var redirects = new ArrayList<Future<String>>();
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 2; i++) {
                redirects.add(threads.submit(() -> {
                    barrier.await();
                    return mvc.perform(topUp(session, "20", key))
                            .andReturn()
                            .getResponse()
                            .getRedirectedUrl();
                }));
            }
        }

        for (var redirect : redirects)
            assertThat(redirect.get()).isEqualTo("https://checkout.stripe.com/c/pay/cs_test_1");
        verify(api, times(1)).call(eq(HttpMethod.POST), pathIs("/v1/billing/top-ups"), any(), any());
    }

    @Test
    void aRefusedTopUpStaysOnTheBillingPageWithTheApisMessageAndMayBeSentAgain() throws Exception {
        refuse(api, HttpMethod.POST, "/v1/billing/top-ups", 503, "Payments are not configured.");
        var session = signedIn("OWNER");
        String key = formKey(session, "id=\"top-up\"");

        mvc.perform(topUp(session, "20", key))
                .andExpect(redirectedUrl("/billing"))
                .andExpect(flash().attribute("error", "Payments are not configured."));
        mvc.perform(topUp(session, "20", key)).andExpect(redirectedUrl("/billing"));

        verify(api, times(2)).call(eq(HttpMethod.POST), pathIs("/v1/billing/top-ups"), carriesKey(key), any());
    }

    @Test
    void aTopUpFormSentAgainWithAnotherAmountIsRefusedWithoutCallingTheApi() throws Exception {
        answerTopUp("https://checkout.stripe.com/c/pay/cs_test_1");
        var session = signedIn("OWNER");
        String key = formKey(session, "id=\"top-up\"");
        mvc.perform(topUp(session, "20", key)).andExpect(status().is3xxRedirection());

        mvc.perform(topUp(session, "25", key))
                .andExpect(status().isConflict())
                .andExpect(content().string(Matchers.containsString("already sent with other values")));

        verify(api, times(1)).call(eq(HttpMethod.POST), pathIs("/v1/billing/top-ups"), any(), any());
    }

    @Test
    void aTopUpWithAKeyTheSessionNeverIssuedIsRefusedWithoutCallingTheApi() throws Exception {
        var session = signedIn("OWNER");

        mvc.perform(topUp(session, "20", "a-key-from-another-session"))
                .andExpect(status().isConflict())
                .andExpect(content().string(Matchers.containsString("This form is out of date")));
        mvc.perform(post("/billing/top-ups").with(csrf()).session(session).param("amount", "20"))
                .andExpect(status().isConflict());

        verify(api, never()).call(eq(HttpMethod.POST), any(), any(), any());
    }

    @Test
    void aDoubleSubmittedSubscribeFormSubscribesOnceAndSaysSoBothTimes() throws Exception {
        answer(
                api,
                HttpMethod.GET,
                "/v1/billing/plans",
                Map.of("data", List.of(plan("starter", "Starter"), plan("pro", "Pro"))));
        answer(api, HttpMethod.POST, "/v1/billing/subscriptions", Map.of("plan_id", "starter", "status", "ACTIVE"));
        var session = signedIn("OWNER");
        String key = formKey(session, "value=\"starter\"");
        assertThat(key).isNotEqualTo(formKey(session, "value=\"pro\""));

        for (int i = 0; i < 2; i++) {
            mvc.perform(post("/billing/subscriptions")
                            .with(csrf())
                            .session(session)
                            .param("plan_id", "starter")
                            .param("idempotency_key", key))
                    .andExpect(redirectedUrl("/billing"))
                    .andExpect(flash().attribute("notice", Matchers.startsWith("Subscribed")));
        }

        verify(api, times(1)).call(eq(HttpMethod.POST), pathIs("/v1/billing/subscriptions"), carriesKey(key), any());
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

    private void answerTopUp(String checkoutUrl) {
        answer(
                api,
                HttpMethod.POST,
                "/v1/billing/top-ups",
                Map.of("id", "t2", "status", "PENDING", "checkout_url", checkoutUrl));
    }

    /** Opens the billing page in the session and answers the once-only key of the form after {@code marker}. */
    private String formKey(MockHttpSession session, String marker) throws Exception {
        var page = mvc.perform(get("/billing").session(session))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        var key = Pattern.compile(
                        Pattern.quote(marker) + ".*?name=\"idempotency_key\" value=\"([^\"]+)\"", Pattern.DOTALL)
                .matcher(page);
        assertThat(key.find()).as("a once-only key after %s", marker).isTrue();
        return key.group(1);
    }

    private static MockHttpServletRequestBuilder topUp(MockHttpSession session, String amount, String key) {
        return post("/billing/top-ups")
                .with(csrf())
                .session(session)
                .param("amount", amount)
                .param("idempotency_key", key);
    }

    private static Map<String, Object> plan(String id, String name) {
        return Map.of(
                "id",
                id,
                "name",
                name,
                "monthly_price",
                new BigDecimal("19.00"),
                "included_usage",
                new BigDecimal("19.00"),
                "discount_percent",
                BigDecimal.ZERO,
                "description",
                "A plan");
    }

    private static Credentials carriesKey(String key) {
        return argThat((Credentials credentials) -> key.equals(credentials.idempotencyKey()));
    }
}
