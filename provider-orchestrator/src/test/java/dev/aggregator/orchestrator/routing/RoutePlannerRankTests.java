package dev.aggregator.orchestrator.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RoutePlannerRankTests {

    final Offer a = offer("a", "1", "1");
    final Offer b = offer("B", "0.5", "1.5");
    final Offer c = offer("c", "0.1", "0.1");
    final Offer d = offer("d", "3", "0");

    @Test
    void ranksByTotalPriceThenCaseInsensitiveName() {
        assertThat(RoutePlanner.rank(List.of(d, a, c, b), Set.of(), List.of())).containsExactly(c, a, b, d);
    }

    @Test
    void putsPreferredProvidersFirstInTheirOrder() {
        var ranked = RoutePlanner.rank(List.of(a, b, c, d), Set.of(), List.of(d.providerId(), b.providerId()));

        assertThat(ranked).containsExactly(d, b, c, a);
    }

    @Test
    void dropsDeniedProvidersEvenWhenPreferred() {
        var ranked =
                RoutePlanner.rank(List.of(a, b, c, d), Set.of(c.providerId(), d.providerId()), List.of(d.providerId()));

        assertThat(ranked).containsExactly(a, b);
    }

    @Test
    void ignoresPreferredProvidersThatDoNotOfferTheModel() {
        var ranked = RoutePlanner.rank(List.of(a, b), Set.of(), List.of(UUID.randomUUID(), b.providerId()));

        assertThat(ranked).containsExactly(b, a);
    }

    private static Offer offer(String name, String input, String output) {
        return new Offer(
                UUID.randomUUID(),
                name,
                "openai",
                "https://" + name + ".test",
                null,
                name + "-model",
                new BigDecimal(input),
                new BigDecimal(output),
                null,
                null);
    }
}
