package dev.aggregator.proxy.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aggregator.proxy.openai.OpenAiException;
import dev.aggregator.proxy.routing.RoutePlan;
import dev.aggregator.proxy.testsupport.Candidates;
import dev.aggregator.proxy.testsupport.Json;
import dev.aggregator.proxy.usage.PromptTokens;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

class ChatRequestsTests {

    private static final String MESSAGES = "'messages': [{'role': 'user', 'content': 'Hi'}]";

    @Test
    void readsWhatTheProxyNeedsAndKeepsTheBodyAsSent() {
        var body = Json.object("{'model': 'gpt-4o', " + MESSAGES + ", 'stream': true, 'temperature': 0.7, "
                + "'stream_options': {'include_usage': true}, 'max_tokens': 100, 'n': 2, "
                + "'provider': {'order': ['a', 'b'], 'allow_fallbacks': false}}");
        ChatRequest chat = parse(body);
        assertThat(chat.model()).isEqualTo("gpt-4o");
        assertThat(chat.stream()).isTrue();
        assertThat(chat.includeUsage()).isTrue();
        assertThat(chat.requestedMaxTokens()).isEqualTo(100);
        assertThat(chat.n()).isEqualTo(2);
        assertThat(chat.provider().order()).containsExactly("a", "b");
        assertThat(chat.provider().allowFallbacks()).isFalse();
        assertThat(chat.prompt().bound())
                .isEqualTo(PromptTokens.of(bytes(body), body).bound());
        assertThat(chat.prompt().estimate("gpt-4o"))
                .isEqualTo(PromptTokens.of(bytes(body), body).estimate("gpt-4o"));
        assertThat(chat.body()).isSameAs(body);
        assertThat(chat.body().get("temperature").decimalValue()).isEqualByComparingTo("0.7");
    }

    @Test
    void defaultsWhenOptionalFieldsAreAbsentOrNull() {
        ChatRequest chat = parse(Json.object(
                "{'model': 'm', " + MESSAGES + ", 'stream': null, 'n': null, 'max_tokens': null, 'provider': null}"));
        assertThat(chat.stream()).isFalse();
        assertThat(chat.includeUsage()).isFalse();
        assertThat(chat.n()).isEqualTo(1);
        assertThat(chat.requestedMaxTokens()).isNull();
        assertThat(chat.provider().order()).isEmpty();
        assertThat(chat.provider().allowFallbacks()).isNull();
    }

    @Test
    void maxCompletionTokensWinsOverMaxTokens() {
        ChatRequest chat =
                parse(Json.object("{'model': 'm', " + MESSAGES + ", 'max_tokens': 10, 'max_completion_tokens': 20}"));
        assertThat(chat.requestedMaxTokens()).isEqualTo(20);
    }

    @Test
    void outputBoundFallsBackToTheModelThenToTheDefaultAndCountsEveryChoice() {
        var plan = new RoutePlan("m", 8192, 1000, true, List.of());
        var planWithoutLimit = new RoutePlan("m", 8192, null, true, List.of());
        var withLimit = parse(Json.object("{'model': 'm', " + MESSAGES + ", 'max_tokens': 50, 'n': 3}"));
        var withoutLimit = parse(Json.object("{'model': 'm', " + MESSAGES + "}"));
        assertThat(withLimit.maxOutputTokens(plan, 4096)).isEqualTo(150);
        assertThat(withoutLimit.maxOutputTokens(plan, 4096)).isEqualTo(1000);
        assertThat(withoutLimit.maxOutputTokens(planWithoutLimit, 4096)).isEqualTo(4096);
    }

    @Test
    void thePromptEstimateCountsToolsAndIsCappedAtTheContextLength() {
        var body = Json.object("{'model': 'm', " + MESSAGES + ", 'max_tokens': 1, 'tools': [{'type': 'function', "
                + "'function': {'name': 'f', 'description': '" + "z".repeat(2_000_000) + "'}}]}");
        ChatRequest chat = parse(body);
        var offering = Candidates.priced("1", "1");
        assertThat(chat.prompt().estimate(offering.providerModel())).isGreaterThan(500_000);
        var capped = new RoutePlan("m", 128_000, null, true, List.of());
        assertThat(chat.promptEstimate(capped, List.of(offering))).isEqualTo(128_000);
        assertThat(chat.promptBound(capped)).isEqualTo(128_000);
        var uncapped = new RoutePlan("m", null, null, true, List.of());
        assertThat(chat.promptEstimate(uncapped, offering))
                .isEqualTo(chat.prompt().estimate(offering.providerModel()));
        assertThat(chat.promptBound(uncapped)).isEqualTo(chat.prompt().bound());
    }

    @ParameterizedTest(name = "{0} → param {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "{'messages': [{'role': 'user'}]}                                       | model",
                "{'model': '', 'messages': [{'role': 'user'}]}                          | model",
                "{'model': 42, 'messages': [{'role': 'user'}]}                          | model",
                "{'model': 'm'}                                                         | messages",
                "{'model': 'm', 'messages': []}                                         | messages",
                "{'model': 'm', 'messages': {'role': 'user'}}                           | messages",
                "{'model': 'm', 'messages': ['hi']}                                     | messages[0]",
                "{'model': 'm', 'messages': [{'content': 'hi'}]}                        | messages[0].role",
                "{'model': 'm', 'messages': [{'role': 'user'}, {'role': 7}]}            | messages[1].role",
                "{'model': 'm', 'messages': [{'role': 'user'}], 'max_tokens': 0}        | max_tokens",
                "{'model': 'm', 'messages': [{'role': 'user'}], 'max_tokens': 1.5}      | max_tokens",
                "{'model': 'm', 'messages': [{'role': 'user'}], 'max_tokens': '10'}     | max_tokens",
                "{'model': 'm', 'messages': [{'role': 'user'}], 'max_completion_tokens': -1} | max_completion_tokens",
                "{'model': 'm', 'messages': [{'role': 'user'}], 'stream': 'yes'}        | stream",
                "{'model': 'm', 'messages': [{'role': 'user'}], 'n': 0}                 | n",
                "{'model': 'm', 'messages': [{'role': 'user'}], 'n': 9}                 | n",
                "{'model': 'm', 'messages': [{'role': 'user'}], 'stream_options': 1}    | stream_options",
                "{'model': 'm', 'messages': [{'role': 'user'}], 'provider': 'a'}        | provider",
                "{'model': 'm', 'messages': [{'role': 'user'}], 'provider': {'order': 'a'}} | provider.order",
                "{'model': 'm', 'messages': [{'role': 'user'}], 'provider': {'order': ['']}} | provider.order[0]",
                "{'model': 'm', 'messages': [{'role': 'user'}], 'provider': {'allow_fallbacks': 1}} | provider.allow_fallbacks",
            })
    void refusesInvalidBodiesNamingTheParameter(String body, String param) {
        assertInvalid(() -> parse(Json.object(body)), param);
    }

    @Test
    void refusesABodyThatIsNotAnObject() {
        assertInvalid(() -> parse(JsonNodeFactory.instance.arrayNode()), null);
        assertInvalid(() -> parse(JsonNodeFactory.instance.nullNode()), null);
    }

    private static ChatRequest parse(JsonNode body) {
        return ChatRequests.parse(body, bytes(body));
    }

    private static long bytes(JsonNode body) {
        return body.toString().getBytes(StandardCharsets.UTF_8).length;
    }

    private static void assertInvalid(ThrowingCallable parse, String param) {
        assertThatThrownBy(parse).isInstanceOfSatisfying(OpenAiException.class, e -> {
            assertThat(e.status().value()).isEqualTo(400);
            assertThat(e.type()).isEqualTo("invalid_request_error");
            assertThat(e.param()).isEqualTo(param);
            assertThat(e.getMessage()).isNotBlank();
        });
    }
}
