package dev.aggregator.mockprovider.simulation;

import dev.aggregator.mockprovider.error.OpenAiException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * When {@code mock.require-api-key} is set, checks {@code Authorization: Bearer} before the body
 * is read — like OpenAI, a bad key is a 401 even if the body is broken too. This lets tests
 * verify that the proxy really sends the provider's (decrypted) key.
 *
 * <p>A key pool is simulated with variants of the key: {@code <key>-<label>} is accepted too, and
 * counted by label ({@link KeyUsage}, {@code GET /mock/keys}), so a test can see how requests
 * spread over a pool; a label ending in {@code -status-NNN} (e.g. {@code <key>-b-status-429}) is
 * answered with that status, like a key that is rate limited or revoked at the provider. Without
 * {@code mock.require-api-key} every key is accepted and counted whole, and its suffix applies.
 * Anthropic's {@code x-api-key} header counts as the key when there is no {@code Authorization}.
 */
public class ApiKeyInterceptor implements HandlerInterceptor {

    private static final String BEARER = "Bearer ";
    private static final String ANTHROPIC_KEY = "x-api-key";

    private static final Pattern KEY_STATUS = Pattern.compile("-status-([45]\\d\\d)$");

    private final MockProperties properties;
    private final KeyUsage usage;

    public ApiKeyInterceptor(MockProperties properties, KeyUsage usage) {
        this.properties = properties;
        this.usage = usage;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
        String anthropicKey = request.getHeader(ANTHROPIC_KEY);
        if (authorization == null && anthropicKey != null) authorization = BEARER + anthropicKey; // Anthropic's way
        if (!properties.apiKeyRequired()) {
            // Any key will do; it is counted and may ask for a status all the same.
            if (authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
                answerAs(authorization.substring(BEARER.length()).strip());
            }
            return true;
        }
        if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            throw new OpenAiException(
                    HttpStatus.UNAUTHORIZED,
                    "You didn't provide an API key. You need to provide your API key in an Authorization header "
                            + "using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).",
                    "invalid_request_error",
                    null,
                    "invalid_api_key");
        }
        String key = authorization.substring(BEARER.length()).strip();
        String label = "";
        if (key.startsWith(properties.requireApiKey() + "-")) {
            label = key.substring(properties.requireApiKey().length() + 1);
            key = properties.requireApiKey();
        }
        byte[] given = key.getBytes(StandardCharsets.UTF_8);
        byte[] expected = properties.requireApiKey().getBytes(StandardCharsets.UTF_8);
        // Constant-time, out of habit; the key itself is never echoed back.
        if (!MessageDigest.isEqual(given, expected)) {
            throw new OpenAiException(
                    HttpStatus.UNAUTHORIZED,
                    "Incorrect API key provided.",
                    "invalid_request_error",
                    null,
                    "invalid_api_key");
        }
        answerAs(label);
        return true;
    }

    /** Counts the key (variant) and answers its {@code -status-NNN}, if it names one. */
    private void answerAs(String label) {
        usage.count(label);
        Matcher status = KEY_STATUS.matcher(label);
        if (status.find()) {
            throw SimulatedFailures.of(Integer.parseInt(status.group(1)), null);
        }
    }
}
