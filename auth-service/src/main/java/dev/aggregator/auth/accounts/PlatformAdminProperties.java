package dev.aggregator.auth.accounts;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/** The account created at first start ({@code PLATFORM_ADMIN_EMAIL} / {@code PLATFORM_ADMIN_PASSWORD}). */
@Validated
@ConfigurationProperties("aggregator.platform-admin")
public record PlatformAdminProperties(
        @NotBlank @Email String email,
        @NotBlank @Size(min = 12, max = 128) String password,
        @NotBlank @DefaultValue("Aggregator Platform") String companyName) {

    @Override
    public String toString() {
        return "PlatformAdminProperties[email=" + email + ", password=<redacted>, companyName=" + companyName + "]";
    }
}
