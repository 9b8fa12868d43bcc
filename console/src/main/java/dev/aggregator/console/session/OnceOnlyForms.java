package dev.aggregator.console.session;

import jakarta.servlet.http.HttpSession;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Function;
import org.springframework.web.util.WebUtils;

/**
 * Forms that start something that costs money (a top-up, a subscription, a platform admin's
 * credit or debit) are acted on once per rendering. Each rendering carries a fresh key in a hidden
 * field; the session remembers the keys it handed out, and the API call of a submission carries
 * its key as the {@code Idempotency-Key}.
 *
 * <p>A second submission of the same rendering (a double click, the browser resubmitting, an htmx
 * retry) gets the first one's answer back without calling the API again; one that arrives while
 * the first is still under way waits for it. A refused submission is not remembered, so the
 * person can correct the form and send it again (the API, which also remembers only what it did,
 * then sees the same key). The API's own memory of the key covers what the session cannot see: an
 * answer lost on its way back to the console. Billing creates a top-up without reading the key,
 * so for top-ups the session's memory is what keeps a double submission to one Checkout.
 *
 * <p>This keeps no business rule: it only tells a repeated submission from a new one.
 */
public final class OnceOnlyForms {

    /** The hidden field that carries a rendering's key. */
    public static final String FIELD = "idempotency_key";

    /** Keys a session remembers, the oldest handed out forgotten first: far more than open tabs. */
    static final int REMEMBERED = 64;

    private static final String ATTRIBUTE = "aggregator.console.onceOnlyForms";

    private OnceOnlyForms() {}

    /** A key for one rendering of a form, remembered by the session. */
    public static String issue(HttpSession session) {
        var key = UUID.randomUUID().toString();
        synchronized (WebUtils.getSessionMutex(session)) {
            submissions(session).put(key, new Submission());
        }
        return key;
    }

    /**
     * Sends the form of {@code key} through {@code call} (given the key, as the call's
     * Idempotency-Key) unless it was sent before with the same {@code body}; answers what the
     * first successful call answered.
     *
     * @throws StaleForm a key this session did not hand out (or has forgotten), or one already
     *     sent with other values
     */
    static Map<String, Object> submit(
            HttpSession session, String key, Object body, Function<String, Map<String, Object>> call) {
        Submission submission;
        synchronized (WebUtils.getSessionMutex(session)) {
            submission = key == null ? null : submissions(session).get(key);
        }
        if (submission == null) throw StaleForm.unknown();
        // Per key, not per session: other pages of the session do not wait for this call.
        synchronized (submission) {
            if (submission.answer == null) {
                submission.answer = call.apply(key);
                submission.body = body;
            } else if (!Objects.equals(submission.body, body)) {
                throw StaleForm.sentWithOtherValues();
            }
            return submission.answer;
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Submission> submissions(HttpSession session) {
        var submissions = (Map<String, Submission>) session.getAttribute(ATTRIBUTE);
        if (submissions == null) {
            submissions = new Remembered();
            session.setAttribute(ATTRIBUTE, submissions);
        }
        return submissions;
    }

    /** What one rendering led to: nothing yet, or the first successful call's body and answer. */
    private static final class Submission implements Serializable {
        private Object body;
        private Map<String, Object> answer;
    }

    private static final class Remembered extends LinkedHashMap<String, Submission> {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Submission> eldest) {
            return size() > REMEMBERED;
        }
    }
}
