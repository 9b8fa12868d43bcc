package dev.aggregator.orchestrator.models;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aggregator.orchestrator.OrchestratorApiTestSupport;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;

class ModelApiTests extends OrchestratorApiTestSupport {

    @Test
    void platformAdminCreatesAModelWhoseIdContainsSlashes() {
        String providerName = unique("prov");
        UUID provider = createProvider(providerName);
        String model = unique("openai/gpt-4o-mini");
        var body = modelBody(128_000, List.of(offering(provider, "0.15", "0.60")));
        body.put("max_output_tokens", 16_384);

        var answer = call(HttpMethod.PUT, "/v1/models/" + model, platformAdmin(), body);

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(answer.<String>read("$.id")).isEqualTo(model);
        assertThat(answer.<Integer>read("$.context_length")).isEqualTo(128_000);
        assertThat(answer.<Integer>read("$.max_output_tokens")).isEqualTo(16_384);
        assertThat(answer.<String>read("$.offerings[0].provider_name")).isEqualTo(providerName);
        assertThat(answer.body()).contains("\"input_price_per_million\":0.15", "\"output_price_per_million\":0.6");
        assertThat(jdbc.sql("SELECT input_price_per_million FROM offering WHERE model_id = ?")
                        .param(model)
                        .query(BigDecimal.class)
                        .single())
                .isEqualByComparingTo("0.15");
        assertThat(catalogChangedFor(model)).isEqualTo(1);
        assertThat(auditActions("model:" + model)).containsExactly("model.created");
    }

    @Test
    void putReplacesTheOfferingsAsAWholeAndKeepsTheCreationTime() {
        UUID first = createProvider(unique("first"));
        UUID second = createProvider(unique("second"));
        String model = unique("vendor/replace");
        putModel(model, offering(first, "1", "1"), offering(second, "2", "2"));
        Instant created = createdAt(model);

        putModel(model, offering(second, "3", "4"));

        assertThat(jdbc.sql("SELECT provider_id FROM offering WHERE model_id = ?")
                        .param(model)
                        .query(UUID.class)
                        .list())
                .containsExactly(second);
        assertThat(createdAt(model)).isEqualTo(created);
        assertThat(auditActions("model:" + model)).containsExactly("model.created", "model.updated");
    }

    @Test
    void unknownProviderIsA400AndChangesNothing() {
        UUID known = createProvider(unique("known"));
        String model = unique("vendor/untouched");
        putModel(model, offering(known, "1", "2"));
        long eventsBefore = catalogChangedFor(model);

        var answer = call(
                HttpMethod.PUT,
                "/v1/models/" + model,
                platformAdmin(),
                modelBody(8_000, List.of(offering(known, "5", "5"), offering(UUID.randomUUID(), "1", "1"))));

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.contentType().toString()).isEqualTo("application/problem+json");
        assertThat(answer.<List<String>>read("$.errors[*].field")).containsExactly("offerings[1].provider_id");
        assertThat(jdbc.sql("SELECT input_price_per_million FROM offering WHERE model_id = ?")
                        .param(model)
                        .query(BigDecimal.class)
                        .list())
                .singleElement()
                .satisfies(price -> assertThat(price).isEqualByComparingTo("1"));
        assertThat(jdbc.sql("SELECT context_length FROM model WHERE id = ?")
                        .param(model)
                        .query(Integer.class)
                        .single())
                .isEqualTo(128_000);
        assertThat(catalogChangedFor(model)).isEqualTo(eventsBefore);

        String brandNew = unique("vendor/never");
        var refused = call(
                HttpMethod.PUT,
                "/v1/models/" + brandNew,
                platformAdmin(),
                modelBody(null, List.of(offering(UUID.randomUUID(), "1", "1"))));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(jdbc.sql("SELECT count(*) FROM model WHERE id = ?")
                        .param(brandNew)
                        .query(Long.class)
                        .single())
                .isZero();
    }

    @Test
    void invalidOfferingsAreA400NamingEachField() {
        UUID provider = createProvider(unique("valid"));
        var tooPrecise = offering(provider, "0.123456789", "1");
        var negative = offering(createProvider(unique("valid")), "1", "-0.01");

        var answer = call(
                HttpMethod.PUT,
                "/v1/models/" + unique("vendor/invalid"),
                platformAdmin(),
                modelBody(-1, List.of(tooPrecise, negative)));

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.<List<String>>read("$.errors[*].field"))
                .containsExactlyInAnyOrder(
                        "context_length",
                        "offerings[0].input_price_per_million",
                        "offerings[1].output_price_per_million");
    }

    @Test
    void emptyOrRepeatedOfferingsAndBadIdsAreRefused() {
        UUID provider = createProvider(unique("rep"));
        String model = unique("vendor/rep");

        var empty = call(HttpMethod.PUT, "/v1/models/" + model, platformAdmin(), modelBody(null, List.of()));
        assertThat(empty.<List<String>>read("$.errors[*].field")).containsExactly("offerings");

        var repeated = call(
                HttpMethod.PUT,
                "/v1/models/" + model,
                platformAdmin(),
                modelBody(null, List.of(offering(provider, "1", "1"), offering(provider, "2", "2"))));
        assertThat(repeated.status()).isEqualTo(400);
        assertThat(repeated.<List<String>>read("$.errors[*].field")).containsExactly("offerings[1].provider_id");

        var badId = call(
                HttpMethod.PUT,
                "/v1/models/bad$id",
                platformAdmin(),
                modelBody(null, List.of(offering(provider, "1", "1"))));
        assertThat(badId.status()).isEqualTo(400);
        assertThat(badId.<List<String>>read("$.errors[*].field")).containsExactly("model");
    }

    @Test
    void onlyPlatformAdminsManageModels() {
        UUID provider = createProvider(unique("adm"));
        String model = unique("vendor/adm");
        putModel(model, offering(provider, "1", "1"));
        UUID company = UUID.randomUUID();

        for (String caller : List.of(member(company, "OWNER"), apiKey(company, "models"))) {
            var put = call(
                    HttpMethod.PUT,
                    "/v1/models/" + model,
                    caller,
                    modelBody(null, List.of(offering(provider, "0", "0"))));
            assertThat(put.status()).isEqualTo(403);
            assertThat(put.contentType().toString()).isEqualTo("application/problem+json");
            assertThat(call(HttpMethod.DELETE, "/v1/models/" + model, caller, null)
                            .status())
                    .isEqualTo(403);
        }
    }

    @Test
    void deleteRemovesTheModelFromTheCatalogue() {
        UUID provider = createProvider(unique("del"));
        String model = unique("vendor/deleted");
        putModel(model, offering(provider, "1", "1"));

        assertThat(call(HttpMethod.DELETE, "/v1/models/" + model, platformAdmin(), null)
                        .status())
                .isEqualTo(204);

        assertThat(call(HttpMethod.GET, "/v1/models/" + model, member(UUID.randomUUID(), "MEMBER"), null)
                        .status())
                .isEqualTo(404);
        var again = call(HttpMethod.DELETE, "/v1/models/" + model, platformAdmin(), null);
        assertThat(again.status()).isEqualTo(404);
        assertThat(again.contentType().toString()).isEqualTo("application/problem+json");
        assertThat(catalogChangedFor(model)).isEqualTo(2);
        assertThat(auditActions("model:" + model)).containsExactly("model.created", "model.deleted");
    }

    @Test
    void listIsOpenAiShapedAndPricedAtTheCheapestEnabledOffering() {
        UUID pricey = createProvider(unique("pricey"));
        UUID cheap = createProvider(unique("cheap"));
        UUID cheapestButDisabled = createProvider(unique("off"), "openai", "k", false);
        String model = unique("vendor/listed");
        putModel(
                model,
                offering(pricey, "2", "4"),
                offering(cheap, "1", "2.5"),
                offering(cheapestButDisabled, "0", "0"));
        String unavailable = unique("vendor/unavailable");
        putModel(unavailable, offering(cheapestButDisabled, "1", "1"));

        var answer = call(HttpMethod.GET, "/v1/models", apiKey(UUID.randomUUID(), "models"), null);

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.<String>read("$.object")).isEqualTo("list");
        assertThat(answer.<List<String>>read("$.data[*].id")).contains(model).doesNotContain(unavailable);
        Map<String, Object> entry = answer.<List<Map<String, Object>>>read("$.data[?(@.id == '" + model + "')]")
                .getFirst();
        assertThat(entry)
                .containsEntry("object", "model")
                .containsEntry("owned_by", "aggregator")
                .containsEntry("context_length", 128_000);
        assertThat(((Number) entry.get("created")).longValue())
                .isEqualTo(createdAt(model).getEpochSecond());
        assertThat(entry.get("pricing")).isEqualTo(Map.of("input_per_million", 1, "output_per_million", 2.5));
    }

    @Test
    void getOneModelAnswersTheSameEntry() {
        UUID provider = createProvider(unique("one"));
        String model = unique("meta-llama/llama-3.1-8b-instruct:free");
        putModel(model, offering(provider, "0", "0"));

        var answer = call(HttpMethod.GET, "/v1/models/" + model, member(UUID.randomUUID(), "MEMBER"), null);

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.<String>read("$.id")).isEqualTo(model);
        assertThat(answer.<String>read("$.object")).isEqualTo("model");
        assertThat(answer.<Map<String, Object>>read("$.pricing"))
                .isEqualTo(Map.of("input_per_million", 0, "output_per_million", 0));
    }

    @Test
    void unknownModelIsAnOpenAiShapedNotFound() {
        var answer = call(
                HttpMethod.GET, "/v1/models/" + unique("nobody/has-this"), apiKey(UUID.randomUUID(), "models"), null);

        assertThat(answer.status()).isEqualTo(404);
        assertThat(answer.contentType().toString()).startsWith("application/json");
        Map<String, Object> error = answer.read("$.error");
        assertThat(error).containsOnlyKeys("message", "type", "param", "code");
        assertThat(error)
                .containsEntry("type", "invalid_request_error")
                .containsEntry("code", "model_not_found")
                .containsEntry("param", null);
        assertThat((String) error.get("message")).contains("does not exist");
    }

    @Test
    void apiKeyWithoutTheModelsScopeIsRefusedInOpenAiShape() {
        var answer = call(HttpMethod.GET, "/v1/models", apiKey(UUID.randomUUID(), "chat"), null);

        assertThat(answer.status()).isEqualTo(403);
        assertThat(answer.<String>read("$.error.code")).isEqualTo("insufficient_scope");
    }

    private Instant createdAt(String model) {
        return jdbc.sql("SELECT created_at FROM model WHERE id = ?")
                .param(model)
                .query((rs, n) -> rs.getTimestamp(1).toInstant())
                .single();
    }

    private long catalogChangedFor(String model) {
        return jdbc.sql(
                        "SELECT count(*) FROM outbox_event WHERE event_type = 'catalog.changed' AND payload->>'model' = ?")
                .param(model)
                .query(Long.class)
                .single();
    }
}
