package dev.aggregator.mockprovider.models;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

record ModelList(String object, List<Model> data) {

    /**
     * @param pricing OpenRouter's extension: dollars per token as strings; null (absent) for
     *     models that OpenAI's own list would show
     * @param contextLength OpenRouter's extension, like {@code pricing}
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Model(String id, String object, long created, String ownedBy, Pricing pricing, Integer contextLength) {

        static Model of(String id, long created) {
            return new Model(id, "model", created, "mock-provider", null, null);
        }

        static Model priced(String id, long created, String prompt, String completion, int contextLength) {
            return new Model(id, "model", created, "mock-provider", new Pricing(prompt, completion), contextLength);
        }
    }

    record Pricing(String prompt, String completion) {}
}
