package dev.aggregator.auth.accounts;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;
import org.springframework.validation.annotation.Validated;

/**
 * The account created at first start ({@code PLATFORM_ADMIN_EMAIL} / {@code PLATFORM_ADMIN_PASSWORD}).
 * The password's length is checked as an error of the whole object, naming the property and the
 * length only: a field constraint ({@code @Size}) would be reported with the password itself.
 */
@Validated
@ConfigurationProperties("aggregator.platform-admin")
public record PlatformAdminProperties(
        @NotBlank @Email String email,
        @NotBlank String password,
        @NotBlank @DefaultValue("Aggregator Platform") String companyName)
        implements Validator {

    static final int MIN_PASSWORD_LENGTH = 12;
    static final int MAX_PASSWORD_LENGTH = 128;

    @Override
    public boolean supports(Class<?> type) {
        return PlatformAdminProperties.class.isAssignableFrom(type);
    }

    @Override
    public void validate(Object target, Errors errors) {
        String value = ((PlatformAdminProperties) target).password();
        if (value != null
                && !value.isBlank()
                && (value.length() < MIN_PASSWORD_LENGTH || value.length() > MAX_PASSWORD_LENGTH)) {
            errors.reject(
                    "password.length",
                    "aggregator.platform-admin.password (PLATFORM_ADMIN_PASSWORD) must be " + MIN_PASSWORD_LENGTH
                            + " to " + MAX_PASSWORD_LENGTH + " characters long; it has " + value.length());
        }
    }

    @Override
    public String toString() {
        return "PlatformAdminProperties[email=" + email + ", password=<redacted>, companyName=" + companyName + "]";
    }
}
