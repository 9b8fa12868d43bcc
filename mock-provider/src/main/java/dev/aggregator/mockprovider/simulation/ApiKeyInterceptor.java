package dev.aggregator.mockprovider.simulation;

import dev.aggregator.mockprovider.error.OpenAiException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * When {@code mock.require-api-key} is set, checks {@code Authorization: Bearer} before the body
 * is read — like OpenAI, a bad key is a 401 even if the body is broken too. This lets tests
 * verify that the proxy really sends the provider's (decrypted) key.
 */
public class ApiKeyInterceptor implements HandlerInterceptor {

    private static final String BEARER = "Bearer ";

    private final MockProperties properties;

    public ApiKeyInterceptor(MockProperties properties) {
        this.properties = properties;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if (!properties.apiKeyRequired()) {
            return true;
        }
        String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            throw new OpenAiException(
                    HttpStatus.UNAUTHORIZED,
                    "You didn't provide an API key. You need to provide your API key in an Authorization header "
                            + "using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).",
                    "invalid_request_error",
                    null,
                    "invalid_api_key");
        }
        byte[] given = authorization.substring(BEARER.length()).strip().getBytes(StandardCharsets.UTF_8);
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
        return true;
    }
}
