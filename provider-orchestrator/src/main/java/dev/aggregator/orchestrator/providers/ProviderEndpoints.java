package dev.aggregator.orchestrator.providers;

import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * What another feature needs to call a provider itself (the catalogue import): its base URL, type
 * and the first key of its pool, decrypted. The key is for the call only: never logged or stored.
 */
@Component
public class ProviderEndpoints {

    /** A provider to call; {@code apiKey} null when its pool is empty. */
    public record Endpoint(UUID id, String baseUrl, boolean anthropic, String apiKey) {

        @Override
        public String toString() {
            return "Endpoint[id=%s, baseUrl=%s, apiKey=<redacted>]".formatted(id, baseUrl);
        }
    }

    private final ProviderRepository providers;
    private final ProviderKeyRepository keys;
    private final ProviderKeyCipher cipher;

    ProviderEndpoints(ProviderRepository providers, ProviderKeyRepository keys, ProviderKeyCipher cipher) {
        this.providers = providers;
        this.keys = keys;
        this.cipher = cipher;
    }

    public Optional<Endpoint> find(UUID providerId) {
        return providers.find(providerId).map(provider -> {
            var pool = keys.list(providerId);
            String apiKey =
                    pool.isEmpty() ? null : cipher.decrypt(pool.getFirst().encryptedApiKey(), providerId);
            return new Endpoint(providerId, provider.baseUrl(), provider.type() == ProviderType.ANTHROPIC, apiKey);
        });
    }
}
