package dev.aggregator.mockprovider.embeddings;

import dev.aggregator.mockprovider.embeddings.EmbeddingsResponse.Embedding;
import dev.aggregator.mockprovider.error.OpenAiException;
import dev.aggregator.mockprovider.simulation.MockDirectives;
import dev.aggregator.mockprovider.simulation.UpstreamSimulator;
import jakarta.validation.Valid;
import java.util.ArrayList;
import java.util.List;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

@RestController
class EmbeddingsController {

    private static final int DEFAULT_DIMENSIONS = 8;

    private final UpstreamSimulator simulator;

    EmbeddingsController(UpstreamSimulator simulator) {
        this.simulator = simulator;
    }

    @PostMapping("/v1/embeddings")
    EmbeddingsResponse embed(@Valid @RequestBody EmbeddingsRequest request, MockDirectives directives) {
        List<String> inputs = inputs(request.input());
        boolean base64 = base64(request.encodingFormat());
        simulator.beforeAnswering(request.model(), directives);
        int dimensions = request.dimensions() != null ? request.dimensions() : DEFAULT_DIMENSIONS;
        List<Embedding> data = new ArrayList<>(inputs.size());
        long promptTokens = 0;
        for (int i = 0; i < inputs.size(); i++) {
            float[] vector = MockVectors.of(inputs.get(i), dimensions);
            data.add(new Embedding("embedding", i, base64 ? MockVectors.base64(vector) : vector));
            // Same estimate as chat, without message framing; each input is tokenized on its own.
            promptTokens += Math.ceilDiv(inputs.get(i).length(), 4);
        }
        return EmbeddingsResponse.of(data, request.model(), Math.toIntExact(promptTokens));
    }

    private static List<String> inputs(JsonNode input) {
        if (input.isString()) {
            return List.of(input.stringValue());
        }
        if (input.isArray() && !input.isEmpty()) {
            List<String> inputs = new ArrayList<>(input.size());
            for (JsonNode item : input) {
                if (!item.isString()) {
                    break;
                }
                inputs.add(item.stringValue());
            }
            if (inputs.size() == input.size()) {
                return inputs;
            }
        }
        throw OpenAiException.invalidRequest("'input' must be a string or a non-empty array of strings.", "input");
    }

    private static boolean base64(String encodingFormat) {
        if (encodingFormat == null || encodingFormat.equals("float")) {
            return false;
        }
        if (encodingFormat.equals("base64")) {
            return true;
        }
        throw OpenAiException.invalidRequest("'encoding_format' must be 'float' or 'base64'.", "encoding_format");
    }
}
