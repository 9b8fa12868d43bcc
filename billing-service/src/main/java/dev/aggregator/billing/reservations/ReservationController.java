package dev.aggregator.billing.reservations;

import dev.aggregator.common.identity.Identity;
import dev.aggregator.common.web.ApiException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Called by the proxy with its service identity; the identity filter refuses anyone else. */
@RestController
@RequestMapping("/internal/reservations")
@Tag(name = "Internal: reservations", description = "Funds held for requests in flight (service identity only)")
class ReservationController {

    private final Reservations reservations;

    ReservationController(Reservations reservations) {
        this.reservations = reservations;
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(
            summary = "Hold funds for one request",
            description = "402 with required and available when the available balance is short. The same"
                    + " request_id again returns the reservation already held.")
    ReservationView reserve(Identity identity, @Valid @RequestBody ReserveRequest request) {
        requireService(identity);
        return reservations.reserve(request);
    }

    @PostMapping("/{id}/release")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Give a reservation's funds back (idempotent)")
    void release(Identity identity, @PathVariable UUID id) {
        requireService(identity);
        reservations.release(id);
    }

    /** The identity filter already admits only services here; this keeps the rule local and visible. */
    private static void requireService(Identity identity) {
        if (!identity.isService()) throw ApiException.forbidden("Only platform services may manage reservations.");
    }
}
