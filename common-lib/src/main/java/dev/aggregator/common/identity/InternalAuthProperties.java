package dev.aggregator.common.identity;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;
import org.springframework.validation.annotation.Validated;

/**
 * The secret shared by the gateway and the services to sign internal identity tokens. It is
 * never sent anywhere: only tokens signed with it are. {@code publicPaths} are exact paths a
 * service serves without a caller (e.g. login), which the gateway forwards anonymously.
 *
 * <p>The secret's length is checked here as an error of the whole object, which names the
 * property and the length only: a constraint on the field ({@code @Size}) would be reported with
 * its rejected value, and that value is the secret.
 */
@Validated
@ConfigurationProperties("aggregator.internal-auth")
public record InternalAuthProperties(
        @NotBlank String secret,
        @NotNull @DefaultValue("60s") Duration tokenTtl,
        @DefaultValue List<String> publicPaths)
        implements Validator {

    static final int MIN_SECRET_LENGTH = 32;

    @Override
    public boolean supports(Class<?> type) {
        return InternalAuthProperties.class.isAssignableFrom(type);
    }

    @Override
    public void validate(Object target, Errors errors) {
        String value = ((InternalAuthProperties) target).secret();
        if (value != null && !value.isBlank() && value.length() < MIN_SECRET_LENGTH) {
            errors.reject(
                    "secret.length",
                    "aggregator.internal-auth.secret (INTERNAL_AUTH_SECRET) must be at least " + MIN_SECRET_LENGTH
                            + " characters; it has " + value.length());
        }
    }

    @Override
    public String toString() {
        return "InternalAuthProperties[secret=<redacted>, tokenTtl=" + tokenTtl + ", publicPaths=" + publicPaths + "]";
    }
}
