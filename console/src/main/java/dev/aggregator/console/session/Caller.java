package dev.aggregator.console.session;

import dev.aggregator.console.api.ApiCallFailed;
import dev.aggregator.console.api.Credentials;
import dev.aggregator.console.api.GatewayApi;
import jakarta.servlet.http.HttpServletRequest;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;

/**
 * The signed-in person calling the API: each call carries that person's access token, refreshed
 * once when the API answers 401. A controller takes it as a parameter.
 */
public final class Caller {

    private final GatewayApi api;
    private final Sessions sessions;
    private final HttpServletRequest request;
    private final String clientAddress;

    Caller(GatewayApi api, Sessions sessions, HttpServletRequest request, String clientAddress) {
        this.api = api;
        this.sessions = sessions;
        this.request = request;
        this.clientAddress = clientAddress;
    }

    public SignedIn signedIn() {
        return sessions.fresh(request);
    }

    public Map<String, Object> get(String path) {
        return get(path, Map.of());
    }

    public Map<String, Object> get(String path, Map<String, ?> query) {
        return call(HttpMethod.GET, api.uri(path, query), null);
    }

    public Map<String, Object> post(String path, Object body) {
        return call(HttpMethod.POST, api.uri(path, null), body);
    }

    /**
     * A money-moving POST sent from a once-only form ({@link OnceOnlyForms}): a repeated
     * submission of the same rendering gets the first answer back without a second call, and the
     * API sees the form's key as the call's {@code Idempotency-Key}.
     */
    public Map<String, Object> postOnce(String path, Object body, String formKey) {
        var session = request.getSession(false);
        if (session == null) throw new SessionExpired();
        return OnceOnlyForms.submit(session, formKey, body, key -> postIdempotent(path, body, key));
    }

    /** A POST with an {@code Idempotency-Key}: a retry moves no money twice. */
    private Map<String, Object> postIdempotent(String path, Object body, String idempotencyKey) {
        var uri = api.uri(path, null);
        try {
            return api.call(
                    HttpMethod.POST,
                    uri,
                    credentials(sessions.fresh(request)).withIdempotencyKey(idempotencyKey),
                    body);
        } catch (ApiCallFailed e) {
            if (e.status() != 401) throw e;
            return api.call(HttpMethod.POST, uri, credentials(refreshed()).withIdempotencyKey(idempotencyKey), body);
        }
    }

    public Map<String, Object> put(String path, Object body) {
        return call(HttpMethod.PUT, api.uri(path, null), body);
    }

    public Map<String, Object> patch(String path, Object body) {
        return call(HttpMethod.PATCH, api.uri(path, null), body);
    }

    public void delete(String path) {
        call(HttpMethod.DELETE, api.uri(path, null), null);
    }

    /** The {@code data} array of a list response. */
    @SuppressWarnings("unchecked")
    public static List<Map<String, Object>> data(Map<String, Object> response) {
        var data = response.get("data");
        return data instanceof List<?> list ? (List<Map<String, Object>>) list : List.of();
    }

    public String csv(String path, Map<String, ?> query) {
        var uri = api.uri(path, query);
        try {
            return api.text(uri, credentials(sessions.fresh(request)), MediaType.parseMediaType("text/csv"));
        } catch (ApiCallFailed e) {
            if (e.status() != 401) throw e;
            return api.text(uri, credentials(refreshed()), MediaType.parseMediaType("text/csv"));
        }
    }

    /** A streamed chat completion for the playground, relayed by the caller. */
    public HttpResponse<InputStream> stream(String path, Object body, Duration timeout) {
        return api.stream(path, credentials(sessions.fresh(request)), body, timeout);
    }

    private Map<String, Object> call(HttpMethod method, URI uri, Object body) {
        try {
            return api.call(method, uri, credentials(sessions.fresh(request)), body);
        } catch (ApiCallFailed e) {
            if (e.status() != 401) throw e;
            return api.call(method, uri, credentials(refreshed()), body);
        }
    }

    private SignedIn refreshed() {
        var current = Sessions.current(request.getSession(false));
        if (current == null) throw new SessionExpired();
        return sessions.refresh(request, current);
    }

    private Credentials credentials(SignedIn signedIn) {
        return new Credentials(signedIn.accessToken(), clientAddress);
    }
}
