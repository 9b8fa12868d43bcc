package dev.aggregator.proxy.admission;

import static org.assertj.core.api.Assertions.assertThat;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.EncodingType;
import dev.aggregator.common.identity.Identity;
import dev.aggregator.common.identity.InternalTokens;
import dev.aggregator.proxy.routing.RoutePlanSeeds;
import dev.aggregator.proxy.routing.RoutePlans;
import dev.aggregator.proxy.testsupport.Candidates;
import dev.aggregator.proxy.testsupport.ProxyClient;
import dev.aggregator.proxy.testsupport.ProxyWithRealBillingTest;
import dev.aggregator.proxy.testsupport.RealBilling;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The prompt estimate that admission holds, seen from outside: the 402 names the worst case, and a
 * balance of exactly that worst case is enough. The prompt is Japanese, whose o200k_base count is
 * above a quarter of its bytes (the rule before the tokenizer, which would have under-reserved it)
 * and far below its bytes (the bound, which does not fit such a balance, so the tokenizer decides).
 */
@ProxyWithRealBillingTest
class PromptEstimateAdmissionTests {

    private static final String PATH = "/v1/chat/completions";
    /** 100 USD per million tokens in and out: a token is 0.0001. */
    private static final BigDecimal PER_TOKEN = new BigDecimal("0.0001");

    private static final String TEXT = "東京は日本の首都であり、世界で最も人口の多い都市圏の一つです。".repeat(10);

    @Autowired
    ProxyClient proxy;

    @Autowired
    InternalTokens tokens;

    @Autowired
    RoutePlans plans;

    private final Identity caller = Identity.apiKey(UUID.randomUUID(), UUID.randomUUID(), Set.of("chat"));
    private final UUID company = caller.companyId();
    private final String model = "tokenized-" + UUID.randomUUID();
    private final String body =
            "{'model': '" + model + "', 'max_tokens': 1, 'messages': [{'role': 'user', 'content': '" + TEXT + "'}]}";

    @BeforeEach
    void setUp() {
        // The mock answers any model name; gpt-4o makes the proxy count with o200k_base.
        RoutePlanSeeds.seed(plans, company, model, List.of(Candidates.mock("priced", "gpt-4o", "100", "100")));
    }

    @Test
    void aBalanceJustBelowTheTokenizedWorstCaseIsRefusedNamingIt() {
        BigDecimal worstCase = worstCase();
        RealBilling.credit(tokens, company, worstCase.subtract(PER_TOKEN).toPlainString());

        var error = proxy.postRefused(PATH, caller, body, 402);

        var needs = Pattern.compile("needs up to \\$([0-9.]+)")
                .matcher(error.path("message").asString());
        assertThat(needs.find()).as(error.toString()).isTrue();
        assertThat(new BigDecimal(needs.group(1))).isEqualByComparingTo(worstCase);
    }

    @Test
    void aBalanceOfExactlyTheTokenizedWorstCaseIsAdmitted() {
        RealBilling.credit(tokens, company, worstCase().toPlainString());

        proxy.post(PATH, caller, body).expectStatus().isOk();
    }

    /**
     * (o200k_base tokens of the text + 3 for the message + 3 for the reply + a quarter of the rest
     * of the body's bytes + 1 output token) × 0.0001, counted here with jtokkit directly.
     */
    private BigDecimal worstCase() {
        long bodyBytes = body.replace('\'', '"').getBytes(StandardCharsets.UTF_8).length;
        long textBytes = TEXT.getBytes(StandardCharsets.UTF_8).length;
        long textTokens = Encodings.newDefaultEncodingRegistry()
                .getEncoding(EncodingType.O200K_BASE)
                .countTokensOrdinary(TEXT);
        long prompt = textTokens + 3 + 3 + Math.ceilDiv(bodyBytes - textBytes, 4);
        long oldRule = Math.ceilDiv(bodyBytes, 4) + 4 + 3;
        assertThat(prompt).as("the tokenizer counts more than bytes / 4").isGreaterThan(oldRule);
        assertThat(prompt).as("and far less than the bound").isLessThan(bodyBytes / 2);
        return PER_TOKEN.multiply(BigDecimal.valueOf(prompt + 1));
    }
}
