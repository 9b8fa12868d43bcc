package dev.aggregator.mockprovider.simulation;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * How many requests each variant of the required key carried ({@code ""} for the key itself), at
 * {@code GET /mock/keys}: lets a test see how a proxy spread requests over a provider's key pool.
 */
@RestController
public class KeyUsage {

    private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();

    void count(String label) {
        counts.computeIfAbsent(label, ignored -> new AtomicLong()).incrementAndGet();
    }

    @GetMapping("/mock/keys")
    Map<String, Long> counts() {
        var result = new TreeMap<String, Long>();
        counts.forEach((label, count) -> result.put(label, count.get()));
        return result;
    }
}
