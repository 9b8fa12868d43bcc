package dev.aggregator.auth.mail;

import jakarta.annotation.PreDestroy;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.mail.MailException;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Sends plain-text mail over SMTP once the transaction that decided to send it has committed, on
 * a virtual thread of its own: a slow or failing mail server neither holds the request up nor
 * rolls back what was decided (an invitation stays valid; its token is in the API answer). Bodies
 * carry bearer tokens, so neither they nor the links are ever logged.
 */
@Component
public class Mailer {

    private static final Logger log = LoggerFactory.getLogger(Mailer.class);

    /** A message to one recipient; {@code text} is secret (it carries a token). */
    public record Mail(String to, String subject, String text, String purpose) {

        @Override
        public String toString() {
            return "Mail[to=" + to + ", subject=" + subject + ", text=<redacted>]";
        }
    }

    private final MailProperties properties;
    private final JavaMailSenderImpl sender;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final AtomicBoolean notConfiguredLogged = new AtomicBoolean();

    Mailer(MailProperties properties) {
        this.properties = properties;
        this.sender = properties.configured() ? sender(properties) : null;
        if (sender == null) logNotConfigured();
    }

    public MailProperties properties() {
        return properties;
    }

    /** Sends after the current transaction commits (nothing if it rolls back), or now without one. */
    public void sendAfterCommit(Mail mail) {
        if (sender == null) {
            logNotConfigured();
            return;
        }
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    executor.execute(() -> send(mail));
                }
            });
        } else {
            executor.execute(() -> send(mail));
        }
    }

    private void send(Mail mail) {
        var message = new SimpleMailMessage();
        message.setFrom(properties.from());
        message.setTo(mail.to());
        message.setSubject(mail.subject());
        message.setText(mail.text());
        try {
            sender.send(message);
            log.info("Sent the {} mail to {}", mail.purpose(), mail.to());
        } catch (MailException e) {
            // The message would name the recipient at most; the body (and its token) never.
            log.warn(
                    "Could not send the {} mail to {}: {}",
                    mail.purpose(),
                    mail.to(),
                    e.getClass().getSimpleName());
        }
    }

    private void logNotConfigured() {
        if (notConfiguredLogged.compareAndSet(false, true)) {
            log.warn("Mail is not configured (SMTP_HOST is empty): invitation and password-reset mails are not sent");
        }
    }

    private static JavaMailSenderImpl sender(MailProperties properties) {
        var sender = new JavaMailSenderImpl();
        sender.setHost(properties.host());
        sender.setPort(properties.port());
        if (!properties.username().isBlank()) {
            sender.setUsername(properties.username());
            sender.setPassword(properties.password());
        }
        String timeout = Long.toString(properties.timeout().toMillis());
        var javaMail = new Properties();
        javaMail.put("mail.smtp.connectiontimeout", timeout);
        javaMail.put("mail.smtp.timeout", timeout);
        javaMail.put("mail.smtp.writetimeout", timeout);
        if (!properties.username().isBlank()) javaMail.put("mail.smtp.auth", "true");
        sender.setJavaMailProperties(javaMail);
        return sender;
    }

    /** Lets mails already handed over finish on shutdown, within a bound. */
    @PreDestroy
    void close() throws InterruptedException {
        executor.shutdown();
        executor.awaitTermination(10, TimeUnit.SECONDS);
    }
}
