package dev.aggregator.orchestrator.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aggregator.orchestrator.OrchestratorApiTestSupport;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;

class RoutePlanApiTests extends OrchestratorApiTestSupport {

    String cheap;
    String mid;
    String pricey;
    String disabled;
    String model;
    UUID company = UUID.randomUUID();
    final String cheapKey = "sk-cheap-" + UUID.randomUUID();

    @BeforeEach
    void catalogue() {
        cheap = unique("cheap");
        mid = unique("mid");
        pricey = unique("pricey");
        disabled = unique("disabled");
        model = unique("vendor/routed");
        putModel(
                model,
                offering(createProvider(pricey), "5", "5"),
                offering(createProvider(cheap, "openai", cheapKey, true), "0.1", "0.2"),
                offering(createProvider(disabled, "openai", "k", false), "0", "0"),
                offering(createProvider(mid), "1", "1"));
    }

    @Test
    void withoutPreferencesCandidatesAreEnabledOfferingsByPrice() {
        var plan = plan("");

        assertThat(plan.status()).as(plan.body()).isEqualTo(200);
        assertThat(names(plan)).containsExactly(cheap, mid, pricey);
        assertThat(plan.<String>read("$.model")).isEqualTo(model);
        assertThat(plan.<Integer>read("$.context_length")).isEqualTo(128_000);
        assertThat(plan.<Boolean>read("$.allow_fallbacks")).isTrue();
        Map<String, Object> first = plan.read("$.candidates[0]");
        assertThat(first)
                .containsEntry("api_key", cheapKey)
                .containsEntry("provider_type", "openai")
                .containsEntry("base_url", "https://" + cheap + ".example.test/v1")
                .containsEntry("input_price_per_million", 0.1)
                .containsEntry("output_price_per_million", 0.2)
                .containsKeys("provider_id", "provider_model");
        assertThat(plan.json().<Map<String, Object>>read("$")).containsKey("max_output_tokens");
        // no cost prices were given: the platform's cost is unknown
        assertThat(first).containsEntry("input_cost_per_million", null).containsEntry("output_cost_per_million", null);
    }

    @Test
    void equalPricesAreOrderedByProviderName() {
        String zulu = unique("zulu");
        String alpha = unique("Alpha");
        String tied = unique("vendor/tied");
        putModel(tied, offering(createProvider(zulu), "1", "2"), offering(createProvider(alpha), "2", "1"));

        var plan = call(
                HttpMethod.GET, "/internal/route-plans?company_id=" + company + "&model=" + tied, proxyService(), null);

        assertThat(names(plan)).containsExactly(alpha, zulu);
    }

    @Test
    void preferenceOrderComesFirstAndDeniedProvidersNeverAppear() {
        prefer(Map.of("order", List.of(pricey), "allow_fallbacks", true, "deny", List.of(cheap)));

        assertThat(names(plan(""))).containsExactly(pricey, mid);
        assertThat(names(plan("&order=" + cheap + "," + mid))).containsExactly(mid, pricey);
    }

    @Test
    void requestOrderReplacesThePreferenceOrder() {
        prefer(Map.of("order", List.of(pricey), "allow_fallbacks", true));

        assertThat(names(plan("&order=" + mid.toUpperCase() + ",unknown-provider," + disabled)))
                .containsExactly(mid, cheap, pricey);
    }

    @Test
    void noFallbacksMeansOnlyTheFirstCandidate() {
        prefer(Map.of("order", List.of(mid), "allow_fallbacks", false));

        var plan = plan("");
        assertThat(names(plan)).containsExactly(mid);
        assertThat(plan.<Boolean>read("$.allow_fallbacks")).isFalse();

        var overridden = plan("&allow_fallbacks=true");
        assertThat(names(overridden)).containsExactly(mid, cheap, pricey);
        assertThat(overridden.<Boolean>read("$.allow_fallbacks")).isTrue();

        assertThat(names(plan("&allow_fallbacks=false&order=" + pricey))).containsExactly(pricey);
    }

    @Test
    void anotherCompanysPreferenceDoesNotApply() {
        prefer(Map.of("order", List.of(pricey), "allow_fallbacks", false, "deny", List.of(cheap)));

        var plan = call(
                HttpMethod.GET,
                "/internal/route-plans?company_id=" + UUID.randomUUID() + "&model=" + model,
                proxyService(),
                null);

        assertThat(names(plan)).containsExactly(cheap, mid, pricey);
    }

    @Test
    void unknownModelAndModelWithoutAllowedProviderAreDistinctNotFounds() {
        var unknown = call(
                HttpMethod.GET,
                "/internal/route-plans?company_id=" + company + "&model=" + unique("vendor/nothing"),
                proxyService(),
                null);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.<String>read("$.type")).isEqualTo("https://aggregator.dev/problems/model-not-found");

        prefer(Map.of("order", List.of(), "allow_fallbacks", true, "deny", List.of(cheap, mid, pricey)));
        var none = plan("");
        assertThat(none.status()).isEqualTo(404);
        assertThat(none.<String>read("$.type")).isEqualTo("https://aggregator.dev/problems/no-provider-available");
    }

    @Test
    void keylessProviderHasANullKey() {
        String local = unique("local");
        String localModel = unique("vendor/local");
        putModel(localModel, offering(createProvider(local, "openai_compatible", null, true), "0", "0"));

        var plan = call(
                HttpMethod.GET,
                "/internal/route-plans?company_id=" + company + "&model=" + localModel,
                proxyService(),
                null);

        assertThat(plan.json().<Map<String, Object>>read("$.candidates[0]"))
                .containsEntry("api_key", null)
                .containsEntry("provider_type", "openai_compatible");
    }

    @Test
    void onlyServicesGetRoutePlans() {
        String uri = "/internal/route-plans?company_id=" + company + "&model=" + model;

        for (String caller : List.of(platformAdmin(), member(company, "OWNER"), apiKey(company, "chat"))) {
            var refused = call(HttpMethod.GET, uri, caller, null);
            assertThat(refused.status()).isEqualTo(401);
            assertThat(refused.body()).doesNotContain(cheapKey);
        }
        assertThat(call(HttpMethod.GET, uri, null, null).status()).isEqualTo(401);
    }

    @Test
    void missingOrMalformedParametersAreA400() {
        assertThat(call(HttpMethod.GET, "/internal/route-plans?model=" + model, proxyService(), null)
                        .status())
                .isEqualTo(400);
        assertThat(call(HttpMethod.GET, "/internal/route-plans?company_id=nope&model=" + model, proxyService(), null)
                        .status())
                .isEqualTo(400);
        assertThat(call(
                                HttpMethod.GET,
                                "/internal/route-plans?company_id=" + company + "&model=" + model
                                        + "&allow_fallbacks=maybe",
                                proxyService(),
                                null)
                        .status())
                .isEqualTo(400);
    }

    @Test
    void candidatesCarryTheProvidersKeyPoolWithWeights() {
        UUID cheapId = UUID.fromString(plan("").read("$.candidates[0].provider_id"));
        var added = call(
                HttpMethod.POST,
                "/v1/providers/" + cheapId + "/keys",
                platformAdmin(),
                Map.of("api_key", "sk-cheap-second", "weight", 4));
        assertThat(added.status()).as(added.body()).isEqualTo(201);

        var plan = plan("");
        assertThat(plan.<List<String>>read("$.candidates[0].keys[*].api_key"))
                .containsExactly(cheapKey, "sk-cheap-second");
        assertThat(plan.<List<Integer>>read("$.candidates[0].keys[*].weight")).containsExactly(1, 4);
        assertThat(plan.<String>read("$.candidates[0].api_key")).isEqualTo(cheapKey);
    }

    @Test
    void onlyAndIgnoreKeepOrDropProvidersByName() {
        assertThat(names(plan("&only=" + pricey.toUpperCase() + "," + mid))).containsExactly(mid, pricey);
        assertThat(names(plan("&ignore=" + cheap))).containsExactly(mid, pricey);
        assertThat(plan("&only=" + cheap + "&ignore=" + cheap).status()).isEqualTo(404);
    }

    @Test
    void sortComesFromTheRequestElseThePreferenceElsePriceAndPreferredCandidatesAreCounted() {
        var byDefault = plan("");
        assertThat(byDefault.<String>read("$.sort")).isEqualTo("price");
        assertThat(byDefault.<Integer>read("$.preferred_count")).isZero();

        prefer(Map.of("order", List.of(pricey), "allow_fallbacks", true, "sort", "latency"));
        var preferred = plan("");
        assertThat(preferred.<String>read("$.sort")).isEqualTo("latency");
        assertThat(preferred.<Integer>read("$.preferred_count")).isEqualTo(1);
        assertThat(names(preferred)).startsWith(pricey);

        assertThat(plan("&sort=throughput").<String>read("$.sort")).isEqualTo("throughput");
        assertThat(plan("&sort=fastest").status()).isEqualTo(400);
    }

    @Test
    void aPreferenceRefusesAnUnknownSort() {
        var answer = call(
                HttpMethod.PUT,
                "/v1/preferences/models/" + model,
                member(company, "OWNER"),
                Map.of("order", List.of(), "allow_fallbacks", true, "sort", "random"));
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.<List<String>>read("$.errors[*].field")).containsExactly("sort");
    }

    private void prefer(Map<String, Object> preference) {
        var answer = call(HttpMethod.PUT, "/v1/preferences/models/" + model, member(company, "OWNER"), preference);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    }

    private Answer plan(String extra) {
        return call(
                HttpMethod.GET,
                "/internal/route-plans?company_id=" + company + "&model=" + model + extra,
                proxyService(),
                null);
    }

    private static List<String> names(Answer plan) {
        assertThat(plan.status()).as(plan.body()).isEqualTo(200);
        return plan.read("$.candidates[*].provider_name");
    }
}
