package dev.aggregator.auth.passwords;

import dev.aggregator.auth.accounts.MemberCredentials;
import dev.aggregator.auth.accounts.MemberRepository;
import dev.aggregator.auth.accounts.Passwords;
import dev.aggregator.auth.mail.Mailer;
import dev.aggregator.auth.sessions.SessionRevocation;
import dev.aggregator.auth.support.Secrets;
import dev.aggregator.auth.support.Timestamps;
import dev.aggregator.common.events.AuditRecorded;
import dev.aggregator.common.identity.Identity;
import dev.aggregator.common.outbox.OutboxWriter;
import dev.aggregator.common.web.ApiException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/** Changing a password while signed in, and resetting a forgotten one by mail. */
@Service
class PasswordService {

    private static final int RESET_TOKEN_BYTES = 32;

    private final MemberRepository members;
    private final Passwords passwords;
    private final PasswordResetRepository resets;
    private final PasswordResetProperties properties;
    private final SessionRevocation sessions;
    private final Mailer mailer;
    private final OutboxWriter outbox;
    private final TransactionTemplate transactions;
    private final Clock clock;

    PasswordService(
            MemberRepository members,
            Passwords passwords,
            PasswordResetRepository resets,
            PasswordResetProperties properties,
            SessionRevocation sessions,
            Mailer mailer,
            OutboxWriter outbox,
            TransactionTemplate transactions,
            Clock clock) {
        this.members = members;
        this.passwords = passwords;
        this.resets = resets;
        this.properties = properties;
        this.sessions = sessions;
        this.mailer = mailer;
        this.outbox = outbox;
        this.transactions = transactions;
        this.clock = clock;
    }

    /**
     * Every other login of the account ends; {@code callerSession} (the {@code sid} of the access
     * token the request came with, forwarded by the gateway) goes on with its tokens as they are.
     */
    void change(Identity identity, ChangePasswordRequest request, UUID callerSession, String clientIp) {
        if (identity.userId() == null)
            throw ApiException.forbidden("This action needs a signed-in member, not an API key.");
        var current = members.findById(identity.userId()).flatMap(m -> members.findCredentialsByEmail(m.email()));
        // BCrypt twice, both outside the transaction: no connection is held while they run.
        if (current.isEmpty()
                || !passwords.matches(request.currentPassword(), current.get().passwordHash())) {
            throw ApiException.badRequest("current_password", "is not the account's password");
        }
        String newHash = passwords.hash(request.newPassword());
        transactions.executeWithoutResult(status -> {
            var locked = members.lockCredentials(identity.userId())
                    .filter(credentials ->
                            credentials.passwordHash().equals(current.get().passwordHash()))
                    .orElseThrow(() -> ApiException.conflict("The password was changed meanwhile; try again."));
            var member = locked.member();
            members.updatePasswordHash(member.id(), newHash);
            sessions.endAllExcept(member, callerSession, "password_changed");
            outbox.append(AuditRecorded.of(
                    member.companyId(),
                    member.email(),
                    "auth.password_changed",
                    "member:" + member.id(),
                    clientIp,
                    Map.of()));
        });
    }

    /** Sends a reset link to an existing account, at most {@code maxMailsPerHour} an hour; silent otherwise. */
    void requestReset(PasswordResetRequest request, String clientIp) {
        var account = members.findCredentialsByEmail(request.email().strip()).map(MemberCredentials::member);
        if (account.isEmpty()) return;
        transactions.executeWithoutResult(status -> {
            // The lock makes concurrent requests count one after the other.
            var member = members.lockCredentials(account.get().id())
                    .map(MemberCredentials::member)
                    .orElse(null);
            if (member == null) return;
            var now = Timestamps.micros(clock.instant());
            if (resets.countSince(member.id(), now.minus(Duration.ofHours(1))) >= properties.maxMailsPerHour()) {
                outbox.append(AuditRecorded.of(
                        member.companyId(),
                        member.email(),
                        "auth.password_reset_throttled",
                        "member:" + member.id(),
                        clientIp,
                        Map.of()));
                return;
            }
            String token = Secrets.randomToken(RESET_TOKEN_BYTES);
            resets.insert(
                    UUID.randomUUID(), member.id(), Secrets.sha256Hex(token), now, now.plus(properties.tokenTtl()));
            outbox.append(AuditRecorded.of(
                    member.companyId(),
                    member.email(),
                    "auth.password_reset_requested",
                    "member:" + member.id(),
                    clientIp,
                    Map.of()));
            mailer.sendAfterCommit(resetMail(member.email(), token));
        });
    }

    /** Sets the new password and ends every login of the account. */
    void confirmReset(ConfirmPasswordResetRequest request, String clientIp) {
        String newHash = passwords.hash(request.newPassword());
        transactions.executeWithoutResult(status -> {
            var now = Timestamps.micros(clock.instant());
            var reset = resets.lockUsable(Secrets.sha256Hex(request.token()), now)
                    .orElseThrow(() -> ApiException.badRequest("token", "is unknown, used or expired"));
            var member = members.lockCredentials(reset.userId())
                    .map(MemberCredentials::member)
                    .orElseThrow(() -> ApiException.badRequest("token", "is unknown, used or expired"));
            resets.useAll(member.id(), now);
            members.updatePasswordHash(member.id(), newHash);
            sessions.endAll(member, "password_reset");
            outbox.append(AuditRecorded.of(
                    member.companyId(),
                    member.email(),
                    "auth.password_reset_confirmed",
                    "member:" + member.id(),
                    clientIp,
                    Map.of()));
        });
    }

    private Mailer.Mail resetMail(String email, String token) {
        String link = mailer.properties().link("/reset-password", token);
        String text = """
                Someone asked to reset the password of your AI Aggregator Platform account.

                Choose a new password here (the link works once, for %d minutes):

                %s

                Or call the API: POST /v1/auth/password-reset/confirm {"token": "<the token in the link>", "new_password": "..."}

                If it was not you, ignore this mail: your password stays as it is.
                """.formatted(properties.tokenTtl().toMinutes(), link);
        return new Mailer.Mail(email, "Reset your password", text, "password reset");
    }
}
