package dev.aggregator.mockprovider.models;

import dev.aggregator.mockprovider.simulation.MockDirectives;
import dev.aggregator.mockprovider.simulation.UpstreamSimulator;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * OpenAI's model list. The mock answers any model name, so the list only advertises a few
 * typical ones (for provider set-up screens); retrieving any id succeeds. The chat models carry
 * OpenRouter's {@code pricing} and {@code context_length}, as a catalogue import reads them.
 */
@RestController
class ModelsController {

    /** A fixed date (2024-05-13), so answers are byte-for-byte stable. */
    private static final long CREATED = 1_715_558_400L;

    private static final ModelList MODELS = new ModelList(
            "list",
            List.of(
                    ModelList.Model.priced("mock-gpt-4o", CREATED, "0.0000025", "0.00001", 128_000),
                    ModelList.Model.priced("mock-gpt-4o-mini", CREATED, "0.00000015", "0.0000006", 128_000),
                    ModelList.Model.of("mock-text-embedding-3-small", CREATED),
                    ModelList.Model.of("mock-gpt-4o-fail-503", CREATED)));

    private final UpstreamSimulator simulator;

    ModelsController(UpstreamSimulator simulator) {
        this.simulator = simulator;
    }

    @GetMapping("/v1/models")
    ModelList list(MockDirectives directives) {
        simulator.beforeAnswering(null, directives);
        return MODELS;
    }

    @GetMapping("/v1/models/{model}")
    ModelList.Model retrieve(@PathVariable String model, MockDirectives directives) {
        simulator.beforeAnswering(model, directives);
        return ModelList.Model.of(model, CREATED);
    }
}
