package dev.aggregator.orchestrator.providers;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.UUID;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.stereotype.Component;

/**
 * Encrypts provider API keys at rest with AES-256-GCM: a fresh random 12-byte IV per value, stored
 * as {@code base64(iv || ciphertext+tag)}. The provider's id is bound as associated data, so a
 * ciphertext copied onto another provider's row fails to decrypt instead of lending it the key.
 */
@Component
public class ProviderKeyCipher {

    private static final String TRANSFORMATION = "AES/GCM/NoPadding";
    private static final int KEY_BYTES = 32;
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecretKey key;
    private final SecureRandom random = new SecureRandom();

    ProviderKeyCipher(ProviderKeyProperties properties) {
        this.key = new SecretKeySpec(decodeKey(properties.encryptionKey()), "AES");
    }

    /** Fails the startup on a malformed key; the message never contains the key. */
    static byte[] decodeKey(String encoded) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(encoded.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("aggregator.providers.encryption-key is not valid base64");
        }
        if (bytes.length != KEY_BYTES) {
            throw new IllegalStateException("aggregator.providers.encryption-key must decode to " + KEY_BYTES
                    + " bytes (AES-256), not " + bytes.length);
        }
        return bytes;
    }

    String encrypt(String plaintext, UUID providerId) {
        byte[] iv = new byte[IV_BYTES];
        random.nextBytes(iv);
        try {
            Cipher cipher = cipher(Cipher.ENCRYPT_MODE, iv, providerId);
            byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            byte[] stored = Arrays.copyOf(iv, IV_BYTES + sealed.length);
            System.arraycopy(sealed, 0, stored, IV_BYTES, sealed.length);
            return Base64.getEncoder().encodeToString(stored);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Could not encrypt a provider key", e);
        }
    }

    /** The plaintext key; fails when the value was tampered with or encrypted under another key. */
    public String decrypt(String stored, UUID providerId) {
        try {
            byte[] bytes = Base64.getDecoder().decode(stored);
            if (bytes.length <= IV_BYTES) throw new GeneralSecurityException("too short");
            Cipher cipher = cipher(Cipher.DECRYPT_MODE, Arrays.copyOf(bytes, IV_BYTES), providerId);
            byte[] plain = cipher.doFinal(bytes, IV_BYTES, bytes.length - IV_BYTES);
            return new String(plain, StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            // No cause attached: it adds nothing an operator can act on beyond this message.
            throw new IllegalStateException(
                    "The API key of provider " + providerId + " cannot be decrypted; was the encryption key changed?");
        }
    }

    private Cipher cipher(int mode, byte[] iv, UUID providerId) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance(TRANSFORMATION);
        cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, iv));
        cipher.updateAAD(providerId.toString().getBytes(StandardCharsets.UTF_8));
        return cipher;
    }
}
