package dev.aggregator.auth.mail;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Outgoing mail ({@code SMTP_HOST}, {@code SMTP_PORT}, {@code SMTP_USERNAME}, {@code SMTP_PASSWORD},
 * {@code MAIL_FROM}) and the public address links in it point to ({@code PUBLIC_URL}). An empty
 * {@code host} means mail is not configured: nothing is sent and the APIs answer as usual.
 */
@Validated
@ConfigurationProperties("aggregator.mail")
public record MailProperties(
        @DefaultValue("") String host,
        @Min(1) @Max(65535) @DefaultValue("25") int port,
        @DefaultValue("") String username,
        @DefaultValue("") String password,
        @NotBlank @DefaultValue("no-reply@aggregator.local") String from,
        @NotNull @DefaultValue("http://127.0.0.1:3000") URI publicUrl,
        @NotNull @DefaultValue("10s") Duration timeout) {

    public boolean configured() {
        return host != null && !host.isBlank();
    }

    /** {@code PUBLIC_URL} + path + {@code ?token=}: what a mail's reader follows. */
    public String link(String path, String token) {
        String base = publicUrl.toString();
        if (base.endsWith("/")) base = base.substring(0, base.length() - 1);
        return base + path + "?token=" + token;
    }

    // Boot's binding report prints a record's toString: keep the password out of it.
    @Override
    public String toString() {
        return "MailProperties[host=" + host + ", port=" + port + ", username=" + username
                + ", password=<redacted>, from=" + from + ", publicUrl=" + publicUrl + "]";
    }
}
