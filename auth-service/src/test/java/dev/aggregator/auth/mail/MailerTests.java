package dev.aggregator.auth.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class MailerTests {

    private static final Mailer.Mail MAIL = new Mailer.Mail(
            "someone@example.com", "Reset", "https://x.example/reset-password?token=secret-token", "test");

    @Test
    void withoutAnSmtpHostNothingIsSentAndNothingFails() throws InterruptedException {
        var mailer = new Mailer(properties("", 25));
        assertThatCode(() -> mailer.sendAfterCommit(MAIL)).doesNotThrowAnyException();
        mailer.close();
    }

    @Test
    void anUnreachableServerIsLoggedNotThrown() throws Exception {
        int closedPort;
        try (var socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        var mailer = new Mailer(properties("127.0.0.1", closedPort));
        assertThatCode(() -> mailer.sendAfterCommit(MAIL)).doesNotThrowAnyException();
        mailer.close();
    }

    @Test
    void linksEndInTheTokenOnThePublicAddress() {
        assertThat(properties("", 25).link("/accept-invitation", "abc"))
                .isEqualTo("https://app.example.com/accept-invitation?token=abc");
        assertThat(MAIL.toString()).doesNotContain("secret-token");
        assertThat(properties("h", 25).toString()).doesNotContain("smtp-secret");
    }

    private static MailProperties properties(String host, int port) {
        return new MailProperties(
                host,
                port,
                "user",
                "smtp-secret",
                "no-reply@example.com",
                URI.create("https://app.example.com/"),
                Duration.ofSeconds(2));
    }
}
