package dev.aggregator.proxy.upstream;

import dev.aggregator.proxy.routing.Candidate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/** The adapter for each {@code provider_type}. */
@Component
public class ProviderAdapters {

    private final Map<String, ProviderAdapter> byType = new HashMap<>();

    ProviderAdapters(List<ProviderAdapter> adapters) {
        for (ProviderAdapter adapter : adapters) {
            for (String type : adapter.providerTypes()) {
                if (byType.put(type, adapter) != null) throw new IllegalStateException("two adapters for " + type);
            }
        }
    }

    /** False for a provider type the catalog knows and this proxy does not (yet). */
    public boolean canChat(Candidate candidate) {
        return byType.containsKey(candidate.providerType());
    }

    public boolean canEmbed(Candidate candidate) {
        var adapter = byType.get(candidate.providerType());
        return adapter != null && adapter.supportsEmbeddings();
    }

    public ProviderAdapter of(Candidate candidate) {
        var adapter = byType.get(candidate.providerType());
        if (adapter == null) throw new IllegalArgumentException("no adapter for " + candidate.providerType());
        return adapter;
    }
}
