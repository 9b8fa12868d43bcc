package dev.aggregator.auth.sessions;

import dev.aggregator.auth.support.Secrets;
import dev.aggregator.common.web.ApiException;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

/**
 * Counts failed logins per email and per client address in Redis, in a window that starts with
 * the first failure. If Redis is unreachable, logins go on unthrottled (BCrypt still makes each
 * guess slow) rather than the whole platform becoming unable to sign in.
 */
@Component
class LoginThrottle {

    private static final Logger log = LoggerFactory.getLogger(LoginThrottle.class);

    // INCR and the first EXPIRE in one step, so a counter can never be left without a TTL.
    private static final RedisScript<Long> COUNT_FAILURE = RedisScript.of("""
            local count = redis.call('INCR', KEYS[1])
            if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
            return count""", Long.class);

    private final StringRedisTemplate redis;
    private final LoginThrottleProperties properties;

    LoginThrottle(StringRedisTemplate redis, LoginThrottleProperties properties) {
        this.redis = redis;
        this.properties = properties;
    }

    /** Refuses the attempt with 429 while the email or the address has used up its failures. */
    void checkAllowed(String email, String clientIp) {
        String emailKey = emailKey(email);
        String ipKey = ipKey(clientIp);
        try {
            List<String> counts = redis.opsForValue().multiGet(List.of(emailKey, ipKey));
            if (counts == null) return;
            if (count(counts.get(0)) >= properties.maxFailuresPerEmail()) throw throttled(emailKey);
            if (count(counts.get(1)) >= properties.maxFailuresPerIp()) throw throttled(ipKey);
        } catch (DataAccessException e) {
            log.warn("Login throttle unavailable, not throttling: {}", e.getMessage());
        }
    }

    void recordFailure(String email, String clientIp) {
        String window = Long.toString(properties.window().toMillis());
        try {
            redis.execute(COUNT_FAILURE, List.of(emailKey(email)), window);
            redis.execute(COUNT_FAILURE, List.of(ipKey(clientIp)), window);
        } catch (DataAccessException e) {
            log.warn("Login throttle unavailable, failure not counted: {}", e.getMessage());
        }
    }

    /** A correct password clears the email's failures; the address keeps its count. */
    void recordSuccess(String email) {
        try {
            redis.delete(emailKey(email));
        } catch (DataAccessException e) {
            log.warn("Login throttle unavailable, failures not cleared: {}", e.getMessage());
        }
    }

    private ApiException throttled(String key) {
        Long ttl = redis.getExpire(key, TimeUnit.SECONDS);
        long retryAfter = ttl == null || ttl <= 0 ? properties.window().toSeconds() : ttl;
        return ApiException.tooManyRequests("Too many failed login attempts. Try again later.", retryAfter);
    }

    // Hashed so that Redis holds no email addresses and keys stay short whatever the input.
    private String emailKey(String email) {
        return properties.keyPrefix() + ":login-failures:email:"
                + Secrets.sha256Hex(email.strip().toLowerCase(Locale.ROOT));
    }

    private String ipKey(String clientIp) {
        return properties.keyPrefix() + ":login-failures:ip:" + clientIp;
    }

    private static long count(String value) {
        return value == null ? 0 : Long.parseLong(value);
    }
}
