package dev.aggregator.console.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aggregator.console.api.ApiCallFailed;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpSession;

class OnceOnlyFormsTests {

    private final MockHttpSession session = new MockHttpSession();
    private final AtomicInteger calls = new AtomicInteger();

    @Test
    void eachRenderingGetsItsOwnKeyAndTheCallSeesIt() {
        String first = OnceOnlyForms.issue(session);
        String second = OnceOnlyForms.issue(session);

        assertThat(first).isNotEqualTo(second);
        assertThat(OnceOnlyForms.submit(session, first, "body", this::answer)).containsEntry("key", first);
    }

    @Test
    void aRepeatedSubmissionGetsTheFirstAnswerWithoutASecondCall() {
        String key = OnceOnlyForms.issue(session);

        var first = OnceOnlyForms.submit(session, key, Map.of("amount", 20), this::answer);
        var again = OnceOnlyForms.submit(session, key, Map.of("amount", 20), this::answer);

        assertThat(again).isEqualTo(first);
        assertThat(calls).hasValue(1);
    }

    @Test
    void aRefusedSubmissionIsNotRememberedSoTheCorrectedFormGoesThrough() {
        String key = OnceOnlyForms.issue(session);

        assertThatThrownBy(() -> OnceOnlyForms.submit(session, key, "too much", k -> {
                    throw new ApiCallFailed(402, "Insufficient balance.", List.of());
                }))
                .isInstanceOf(ApiCallFailed.class);

        assertThat(OnceOnlyForms.submit(session, key, "less", this::answer)).containsEntry("key", key);
        assertThat(calls).hasValue(1);
    }

    @Test
    void theSameRenderingSentWithOtherValuesIsRefusedWithoutACall() {
        String key = OnceOnlyForms.issue(session);
        OnceOnlyForms.submit(session, key, Map.of("amount", 20), this::answer);

        assertThatThrownBy(() -> OnceOnlyForms.submit(session, key, Map.of("amount", 25), this::answer))
                .isInstanceOf(StaleForm.class)
                .hasMessageContaining("already sent with other values");
        assertThat(calls).hasValue(1);
    }

    @Test
    void aKeyThisSessionDidNotIssueOrNoKeyIsRefusedWithoutACall() {
        String elsewhere = OnceOnlyForms.issue(new MockHttpSession());

        assertThatThrownBy(() -> OnceOnlyForms.submit(session, elsewhere, "body", this::answer))
                .isInstanceOf(StaleForm.class)
                .hasMessageContaining("out of date");
        assertThatThrownBy(() -> OnceOnlyForms.submit(session, null, "body", this::answer))
                .isInstanceOf(StaleForm.class);
        assertThat(calls).hasValue(0);
    }

    @Test
    void theOldestKeysAreForgottenBeyondWhatASessionRemembers() {
        var keys = new ArrayList<String>();
        for (int i = 0; i <= OnceOnlyForms.REMEMBERED; i++) keys.add(OnceOnlyForms.issue(session));

        assertThatThrownBy(() -> OnceOnlyForms.submit(session, keys.getFirst(), "body", this::answer))
                .isInstanceOf(StaleForm.class);
        assertThat(OnceOnlyForms.submit(session, keys.get(1), "body", this::answer))
                .containsEntry("key", keys.get(1));
    }

    private Map<String, Object> answer(String key) {
        calls.incrementAndGet();
        return Map.of("key", key, "call", calls.get());
    }
}
