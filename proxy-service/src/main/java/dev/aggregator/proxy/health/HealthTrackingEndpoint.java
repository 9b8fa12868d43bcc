package dev.aggregator.proxy.health;

import java.util.Map;
import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.stereotype.Component;

/**
 * {@code /actuator/healthtracking}: whether this proxy instance tracks provider health, and a
 * switch ({@code POST {"on": false}}). Only {@code bench/health-cost.sh} uses it, to compare the
 * hot path with and without tracking in one warmed-up process. Off unless both
 * {@code management.endpoint.healthtracking.access=unrestricted} and the exposure list name it;
 * {@code ./aggregator} and the deployments set neither.
 */
@Component
@Endpoint(id = "healthtracking", defaultAccess = Access.NONE)
class HealthTrackingEndpoint {

    private final ProviderHealth health;

    HealthTrackingEndpoint(ProviderHealth health) {
        this.health = health;
    }

    @ReadOperation
    public Map<String, Boolean> tracking() {
        return Map.of("on", health.tracking());
    }

    @WriteOperation
    public Map<String, Boolean> track(boolean on) {
        health.track(on);
        return tracking();
    }
}
