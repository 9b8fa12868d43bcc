package dev.aggregator.orchestrator.routing;

import dev.aggregator.common.identity.Identity;
import dev.aggregator.common.web.ApiException;
import dev.aggregator.orchestrator.models.ModelIds;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.UUID;
import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /internal/route-plans}, for the proxy only: the ordered candidates for a company's
 * request, with their decrypted keys. The identity filter lets only service identities reach
 * {@code /internal/**}; this is the one place where a provider key leaves the service.
 */
@RestController
@Tag(name = "Route plans (internal)", description = "Ordered provider candidates for the proxy; service identity only.")
class RoutePlanController {

    private final RoutePlanner planner;

    RoutePlanController(RoutePlanner planner) {
        this.planner = planner;
    }

    @GetMapping("/internal/route-plans")
    @Operation(
            summary = "Plan a company's request for a model",
            description = "Candidates: enabled offerings minus the company's denied providers; the request's order"
                    + " (comma-separated provider names) or else the preference's order first, the rest by input +"
                    + " output price per million, then name. allow_fallbacks: request, else preference, else true;"
                    + " false returns only the first candidate; only/ignore keep or drop providers by name; sort (price,"
                    + " latency, throughput: request, else preference, else price) is applied by the proxy after"
                    + " the first preferred_count candidates. 404 model-not-found or no-provider-available.")
    ResponseEntity<RoutePlan> plan(
            Identity identity,
            @RequestParam("company_id") UUID companyId,
            @RequestParam String model,
            @RequestParam(required = false) List<String> order,
            @RequestParam(name = "allow_fallbacks", required = false) Boolean allowFallbacks,
            @RequestParam(required = false) String sort,
            @RequestParam(required = false) List<String> only,
            @RequestParam(required = false) List<String> ignore) {
        if (!identity.isService()) throw ApiException.forbidden("Route plans are for platform services only.");
        if (!ModelIds.isValid(model)) throw RoutePlanner.modelNotFound(model);
        if (sort != null && !RoutePlanner.SORTS.contains(sort)) {
            throw ApiException.badRequest("sort", "must be one of price, latency, throughput");
        }
        var plan = planner.plan(
                companyId,
                model,
                order == null
                        ? List.of()
                        : order.stream().filter(name -> !name.isBlank()).toList(),
                allowFallbacks,
                sort,
                names(only),
                names(ignore));
        // It carries credentials: no intermediary may keep a copy. The proxy caches it in memory.
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(plan);
    }

    private static List<String> names(List<String> names) {
        return names == null
                ? List.of()
                : names.stream().filter(name -> !name.isBlank()).toList();
    }
}
