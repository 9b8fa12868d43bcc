package dev.aggregator.auth.sessions;

import dev.aggregator.auth.support.Secrets;
import dev.aggregator.common.web.ApiException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

/**
 * Limits login attempts in Redis, with windows that start at an address's or email's first
 * attempt. Three counters:
 *
 * <ul>
 *   <li>per email <em>and</em> client address ({@code max-failures-per-email}, 5): a guesser is
 *       stopped quickly, but the owner signing in from elsewhere is not locked out by someone
 *       else's failures — so nobody can lock the platform admin out just by guessing its password;
 *   <li>per email across all addresses ({@code max-failures-per-email-globally}, 100): a much higher
 *       backstop against guessing one password from many addresses; only a distributed attack can
 *       reach it, and it lasts one window;
 *   <li>per client address ({@code max-failures-per-ip}, 20): one source guessing many emails.
 * </ul>
 *
 * <p>IPv6 clients are grouped by their /64, which one subscriber usually owns whole. An attempt is
 * counted <em>before</em> the password is checked, in one Redis script that refuses instead when a
 * counter is already used up; so parallel guesses cannot all slip past a check made while BCrypt
 * runs. A refused attempt counts nowhere (so being throttled on one counter never inflates another),
 * and a successful one gives its address count back and clears the email's counters.
 *
 * <p>If Redis is unreachable, logins go on unthrottled (BCrypt still makes each guess slow) rather
 * than the whole platform becoming unable to sign in.
 */
@Component
class LoginThrottle {

    private static final Logger log = LoggerFactory.getLogger(LoginThrottle.class);

    /*
     * KEYS: the counters; ARGV[1]: window in ms; ARGV[2..]: each key's limit.
     * Returns {0, 0} when counted, else {index of the first used-up key, its remaining ms}.
     * Atomic in Redis, so checking and counting cannot interleave with another attempt.
     */
    private static final RedisScript<List> COUNT_ATTEMPT = RedisScript.of("""
            for i, key in ipairs(KEYS) do
              local count = tonumber(redis.call('GET', key) or '0')
              if count >= tonumber(ARGV[i + 1]) then
                return {i, redis.call('PTTL', key)}
              end
            end
            for _, key in ipairs(KEYS) do
              if redis.call('INCR', key) == 1 then redis.call('PEXPIRE', key, ARGV[1]) end
            end
            return {0, 0}""", List.class);

    // Takes back a counted attempt without ever creating a counter (which would have no TTL).
    private static final RedisScript<Long> UNCOUNT = RedisScript.of("""
            if redis.call('EXISTS', KEYS[1]) == 1 and tonumber(redis.call('GET', KEYS[1])) > 0 then
              return redis.call('DECR', KEYS[1])
            end
            return 0""", Long.class);

    private static final int IPV6_GROUP_BYTES = 8;

    private final StringRedisTemplate redis;
    private final LoginThrottleProperties properties;

    LoginThrottle(StringRedisTemplate redis, LoginThrottleProperties properties) {
        this.redis = redis;
        this.properties = properties;
    }

    /** Counts the attempt, or refuses it with 429 and Retry-After while a counter is used up. */
    void countAttempt(String email, String clientIp) {
        var keys = List.of(emailAtAddressKey(email, clientIp), emailKey(email), addressKey(clientIp));
        try {
            List<?> result = redis.execute(
                    COUNT_ATTEMPT,
                    keys,
                    Long.toString(properties.window().toMillis()),
                    Integer.toString(properties.maxFailuresPerEmail()),
                    Integer.toString(properties.maxFailuresPerEmailGlobally()),
                    Integer.toString(properties.maxFailuresPerIp()));
            if (result == null || ((Number) result.get(0)).longValue() == 0) return;
            throw throttled(((Number) result.get(1)).longValue());
        } catch (DataAccessException e) {
            log.warn("Login throttle unavailable, not throttling: {}", e.getMessage());
        }
    }

    /** A correct password: the attempt was no failure of the address, and the email's slate is clean. */
    void recordSuccess(String email, String clientIp) {
        try {
            redis.execute(UNCOUNT, List.of(addressKey(clientIp)));
            redis.delete(List.of(emailAtAddressKey(email, clientIp), emailKey(email)));
        } catch (DataAccessException e) {
            log.warn("Login throttle unavailable, failures not cleared: {}", e.getMessage());
        }
    }

    private ApiException throttled(long remainingMillis) {
        // Round up: retrying on the dot of a rounded-down value would be refused again.
        long retryAfter = remainingMillis > 0
                ? Math.ceilDiv(remainingMillis, 1000)
                : properties.window().toSeconds();
        return ApiException.tooManyRequests("Too many failed login attempts. Try again later.", retryAfter);
    }

    // Hashed so that Redis holds no email addresses and keys stay short whatever the input.
    private String emailKey(String email) {
        return properties.keyPrefix() + ":login-failures:email:" + normalized(email);
    }

    private String emailAtAddressKey(String email, String clientIp) {
        return properties.keyPrefix() + ":login-failures:email-at:" + normalized(email) + ":" + addressGroup(clientIp);
    }

    private String addressKey(String clientIp) {
        return properties.keyPrefix() + ":login-failures:ip:" + addressGroup(clientIp);
    }

    private static String normalized(String email) {
        return Secrets.sha256Hex(email.strip().toLowerCase(Locale.ROOT));
    }

    /**
     * The unit an address is counted in: an IPv4 address itself, an IPv6 address's /64. Anything
     * that is not an address literal is hashed, so it can neither grow nor shape the key.
     */
    static String addressGroup(String clientIp) {
        InetAddress address;
        try {
            address = InetAddress.ofLiteral(clientIp);
        } catch (IllegalArgumentException e) {
            return "other:" + Secrets.sha256Hex(clientIp);
        }
        if (address instanceof Inet6Address) {
            byte[] prefix = new byte[IPV6_GROUP_BYTES];
            System.arraycopy(address.getAddress(), 0, prefix, 0, IPV6_GROUP_BYTES);
            return "v6:" + HexFormat.of().formatHex(prefix) + "/64";
        }
        return "v4:" + address.getHostAddress();
    }
}
