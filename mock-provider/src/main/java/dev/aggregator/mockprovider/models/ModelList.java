package dev.aggregator.mockprovider.models;

import java.util.List;

record ModelList(String object, List<Model> data) {

    record Model(String id, String object, long created, String ownedBy) {

        static Model of(String id, long created) {
            return new Model(id, "model", created, "mock-provider");
        }
    }
}
