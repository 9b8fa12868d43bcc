package dev.aggregator.common.deadletters;

import dev.aggregator.common.identity.Identity;
import dev.aggregator.common.web.ApiException;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The platform admin's view of this service's dead-letter queues and their replay, under the path
 * the service sets in {@code aggregator.dead-letters.path} (inside a prefix the gateway routes to it,
 * e.g. {@code /v1/billing/admin/dead-letters}).
 */
@RestController
public class DeadLetterController {

    static final int DEFAULT_LIMIT = 1_000;
    static final int MAX_LIMIT = 100_000;

    private final DeadLetters deadLetters;

    public DeadLetterController(DeadLetters deadLetters) {
        this.deadLetters = deadLetters;
    }

    @GetMapping("${aggregator.dead-letters.path}")
    Map<String, List<DeadLetters.DeadLetterQueue>> list(Identity identity) {
        identity.requirePlatformAdmin();
        return Map.of("data", deadLetters.list());
    }

    @PostMapping("${aggregator.dead-letters.path}/{consumer}/replay")
    DeadLetters.Replay replay(
            Identity identity, @PathVariable String consumer, @RequestParam(required = false) Integer limit) {
        identity.requirePlatformAdmin();
        int max = limit == null ? DEFAULT_LIMIT : limit;
        if (max < 1 || max > MAX_LIMIT) throw ApiException.badRequest("limit", "must be between 1 and " + MAX_LIMIT);
        if (deadLetters.find(consumer).isEmpty()) throw ApiException.notFound("No dead-letter queue for " + consumer);
        return deadLetters.replay(consumer, max);
    }
}
