package dev.aggregator.orchestrator.providers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.util.Base64;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ProviderKeyCipherTests {

    static final String KEY = Base64.getEncoder().encodeToString(new byte[32]);
    final ProviderKeyCipher cipher = new ProviderKeyCipher(new ProviderKeyProperties(KEY));
    final UUID provider = UUID.randomUUID();

    @Test
    void decryptsWhatItEncrypted() {
        assertThat(cipher.decrypt(cipher.encrypt("sk-secret", provider), provider))
                .isEqualTo("sk-secret");
    }

    @Test
    void usesAFreshIvForEveryValue() {
        byte[] first = Base64.getDecoder().decode(cipher.encrypt("sk-secret", provider));
        byte[] second = Base64.getDecoder().decode(cipher.encrypt("sk-secret", provider));

        assertThat(first).hasSize(12 + "sk-secret".length() + 16).isNotEqualTo(second);
    }

    @Test
    void aCiphertextOnlyOpensForItsOwnProvider() {
        String stored = cipher.encrypt("sk-secret", provider);

        assertThatIllegalStateException()
                .isThrownBy(() -> cipher.decrypt(stored, UUID.randomUUID()))
                .withMessageNotContaining("sk-secret");
    }

    @Test
    void aTamperedCiphertextIsRefused() {
        byte[] bytes = Base64.getDecoder().decode(cipher.encrypt("sk-secret", provider));
        bytes[bytes.length - 1] ^= 1;

        assertThatIllegalStateException()
                .isThrownBy(() -> cipher.decrypt(Base64.getEncoder().encodeToString(bytes), provider));
    }

    @Test
    void anotherEncryptionKeyCannotDecrypt() {
        byte[] otherKey = new byte[32];
        otherKey[0] = 1;
        var other = new ProviderKeyCipher(
                new ProviderKeyProperties(Base64.getEncoder().encodeToString(otherKey)));

        assertThatIllegalStateException()
                .isThrownBy(() -> other.decrypt(cipher.encrypt("sk-secret", provider), provider));
    }

    @Test
    void refusesAnEncryptionKeyThatIsNot32BytesWithoutPrintingIt() {
        String shortKey = Base64.getEncoder().encodeToString("sixteen-byte-key".getBytes());

        assertThatIllegalStateException()
                .isThrownBy(() -> new ProviderKeyCipher(new ProviderKeyProperties(shortKey)))
                .withMessageContaining("32 bytes")
                .withMessageNotContaining(shortKey);
        assertThatIllegalStateException()
                .isThrownBy(() -> new ProviderKeyCipher(new ProviderKeyProperties("not base64!")))
                .withMessageNotContaining("not base64!");
    }
}
