package dev.aggregator.mockprovider.simulation;

import dev.aggregator.mockprovider.error.OpenAiException;
import org.jspecify.annotations.Nullable;
import org.springframework.core.MethodParameter;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

/**
 * Lets a controller take {@link MockDirectives} as a plain parameter instead of five optional
 * {@code @RequestHeader}s; a malformed header is the caller's mistake, so it is a 400.
 */
public class MockDirectivesResolver implements HandlerMethodArgumentResolver {

    private static final long MAX_DELAY_MS = 600_000;
    private static final long MAX_WORDS = 100_000;

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return parameter.getParameterType() == MockDirectives.class;
    }

    @Override
    public MockDirectives resolveArgument(
            MethodParameter parameter,
            @Nullable ModelAndViewContainer mavContainer,
            NativeWebRequest request,
            @Nullable WebDataBinderFactory binderFactory) {
        Long failStatus = number(request, MockDirectives.FAIL_STATUS, 400, 599);
        Long completionTokens = number(request, MockDirectives.COMPLETION_TOKENS, 1, MAX_WORDS);
        Long abortAfter = number(request, MockDirectives.STREAM_ABORT_AFTER, 0, MAX_WORDS);
        return new MockDirectives(
                number(request, MockDirectives.LATENCY_MS, 0, MAX_DELAY_MS),
                failStatus == null ? null : failStatus.intValue(),
                number(request, MockDirectives.CHUNK_DELAY_MS, 0, MAX_DELAY_MS),
                completionTokens == null ? null : completionTokens.intValue(),
                abortAfter == null ? null : abortAfter.intValue());
    }

    private static @Nullable Long number(NativeWebRequest request, String header, long min, long max) {
        String value = request.getHeader(header);
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            long number = Long.parseLong(value.strip());
            if (number >= min && number <= max) {
                return number;
            }
        } catch (NumberFormatException ignored) {
            // same answer as an out-of-range number
        }
        throw OpenAiException.invalidRequest(
                "Header '%s' must be an integer between %d and %d.".formatted(header, min, max), header);
    }
}
