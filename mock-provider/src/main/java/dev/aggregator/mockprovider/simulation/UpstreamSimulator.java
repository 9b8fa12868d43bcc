package dev.aggregator.mockprovider.simulation;

import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * Decides, before an endpoint answers, how slow it is and whether it fails. The order of
 * precedence — model name, then header, then the random failure rate — makes a deterministic
 * request win over chance, so fallback tests never flake.
 */
@Component
public class UpstreamSimulator {

    /** {@code mock-gpt-fail-503} always fails with 503; any 4xx/5xx status is accepted. */
    private static final Pattern FAILING_MODEL = Pattern.compile("-fail-([45]\\d\\d)$");

    /**
     * {@code mock-gpt-chunk-delay-300} streams with 300 ms between chunks: a caller that cannot set
     * headers on the upstream request (a proxy in front of us) can still ask for a slow stream.
     */
    private static final Pattern SLOW_STREAM_MODEL = Pattern.compile("-chunk-delay-(\\d{1,5})$");

    /**
     * {@code mock-gpt-latency-50} answers after 50 ms: a benchmark through the gateway can ask for
     * a slow provider without headers, and the same model name works when called directly.
     */
    private static final Pattern SLOW_MODEL = Pattern.compile("-latency-(\\d{1,5})$");

    private final MockProperties properties;

    public UpstreamSimulator(MockProperties properties) {
        this.properties = properties;
    }

    /**
     * Sleeps the configured or requested latency, then throws the simulated failure if there is
     * one. Virtual threads make the sleep cheap, so a slow upstream costs no platform thread.
     */
    public void beforeAnswering(@Nullable String model, MockDirectives directives) {
        sleep(latencyMs(model, directives));
        Integer status = failureStatus(model, directives);
        if (status != null) {
            throw SimulatedFailures.of(status, model);
        }
    }

    private long latencyMs(@Nullable String model, MockDirectives directives) {
        if (model != null) {
            Matcher matcher = SLOW_MODEL.matcher(model);
            if (matcher.find()) {
                return Long.parseLong(matcher.group(1));
            }
        }
        return directives.latencyMs() != null ? directives.latencyMs() : properties.latencyMs();
    }

    public long chunkDelayMs(@Nullable String model, MockDirectives directives) {
        if (model != null) {
            Matcher matcher = SLOW_STREAM_MODEL.matcher(model);
            if (matcher.find()) {
                return Long.parseLong(matcher.group(1));
            }
        }
        return directives.chunkDelayMs() != null ? directives.chunkDelayMs() : properties.streamChunkDelayMs();
    }

    private @Nullable Integer failureStatus(@Nullable String model, MockDirectives directives) {
        if (model != null) {
            Matcher matcher = FAILING_MODEL.matcher(model);
            if (matcher.find()) {
                return Integer.parseInt(matcher.group(1));
            }
        }
        if (directives.failStatus() != null) {
            return directives.failStatus();
        }
        double rate = properties.failureRate();
        if (rate > 0 && ThreadLocalRandom.current().nextDouble() < rate) {
            return properties.failureStatus();
        }
        return null;
    }

    /** Also used between streamed chunks; an interrupt (shutdown) ends the wait early. */
    public static void sleep(long millis) {
        if (millis <= 0) {
            return;
        }
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
