package dev.aggregator.auth.signing;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The RSA key pair that signs access tokens. It lives in the database, so every instance and
 * every restart signs with the same key; the first instance to start generates it.
 */
@Component
class SigningKeys {

    record ActiveKey(String kid, PrivateKey privateKey) {}

    record PublishedKey(String kid, RSAPublicKey publicKey) {}

    private static final Logger log = LoggerFactory.getLogger(SigningKeys.class);
    private static final int KEY_SIZE = 2048;

    private final SigningKeyRepository repository;
    private final Clock clock;
    private final ReentrantLock loading = new ReentrantLock();
    private volatile ActiveKey active;

    SigningKeys(SigningKeyRepository repository, Clock clock) {
        this.repository = repository;
        this.clock = clock;
    }

    /** Loads (or creates) the key before the first login needs it. */
    @EventListener(ApplicationReadyEvent.class)
    void warmUp() {
        active();
    }

    ActiveKey active() {
        var key = active;
        if (key != null) return key;
        loading.lock();
        try {
            if (active == null) active = loadOrCreate();
            return active;
        } finally {
            loading.unlock();
        }
    }

    List<PublishedKey> published() {
        return repository.findPublished().stream()
                .map(stored -> new PublishedKey(stored.kid(), publicKey(stored.publicKey())))
                .toList();
    }

    private ActiveKey loadOrCreate() {
        var stored = repository.findActive().orElseGet(() -> {
            var generated = generate();
            if (repository.insertActiveIfNone(generated, clock.instant())) {
                log.info("Generated the access-token signing key {}", generated.kid());
                return generated;
            }
            // Another instance stored its key between our read and our insert: use that one.
            return repository.findActive().orElseThrow();
        });
        return new ActiveKey(stored.kid(), privateKey(stored.privateKey()));
    }

    private static SigningKeyRepository.StoredKey generate() {
        try {
            var generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(KEY_SIZE);
            var pair = generator.generateKeyPair();
            var publicKey = (RSAPublicKey) pair.getPublic();
            return new SigningKeyRepository.StoredKey(
                    RsaJwk.thumbprint(publicKey),
                    publicKey.getEncoded(),
                    pair.getPrivate().getEncoded());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot generate an RSA key pair", e);
        }
    }

    private static RSAPublicKey publicKey(byte[] der) {
        try {
            return (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(der));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("A stored public signing key is unreadable", e);
        }
    }

    private static PrivateKey privateKey(byte[] der) {
        try {
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("The stored private signing key is unreadable", e);
        }
    }
}
