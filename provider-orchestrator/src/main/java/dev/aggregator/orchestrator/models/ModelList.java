package dev.aggregator.orchestrator.models;

import java.util.List;

/** OpenAI's list envelope, {@code {"object": "list", "data": [...]}}. */
record ModelList(String object, List<CatalogModel> data) {

    static ModelList of(List<CatalogModel> data) {
        return new ModelList("list", data);
    }
}
