package dev.aggregator.orchestrator.providers;

import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The key that encrypts provider API keys at rest: base64 of 32 bytes. Its length is checked by
 * {@link ProviderKeyCipher} at startup rather than here, because a binding failure report prints
 * the rejected value, and that value is the secret.
 */
@Validated
@ConfigurationProperties("aggregator.providers")
record ProviderKeyProperties(@NotBlank String encryptionKey) {

    @Override
    public String toString() {
        return "ProviderKeyProperties[encryptionKey=<redacted>]";
    }
}
