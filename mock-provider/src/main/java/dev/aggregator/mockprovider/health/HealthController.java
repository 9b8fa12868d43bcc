package dev.aggregator.mockprovider.health;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /health}, the path every service of the platform answers for container and demo
 * scripts. The mock has no dependencies to check, so being able to answer means being up;
 * {@code /actuator/health} remains for the usual probes.
 */
@RestController
class HealthController {

    record Health(String status) {}

    private static final Health UP = new Health("UP");

    @GetMapping("/health")
    Health health() {
        return UP;
    }
}
