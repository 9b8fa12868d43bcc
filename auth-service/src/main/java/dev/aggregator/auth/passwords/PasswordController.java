package dev.aggregator.auth.passwords;

import dev.aggregator.auth.support.ClientIp;
import dev.aggregator.common.identity.Identity;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/v1/auth")
@Tag(name = "Auth")
class PasswordController {

    /**
     * The {@code sid} of the caller's access token, set by the gateway (which drops any such
     * header a client sends): the session a password change keeps.
     */
    static final String SESSION_HEADER = "X-Aggregator-Session";

    private final PasswordService passwords;

    PasswordController(PasswordService passwords) {
        this.passwords = passwords;
    }

    @PostMapping("/password")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(
            summary = "Change the password",
            description = "Every other session of the account ends (refresh tokens revoked, access tokens refused "
                    + "within a second); the calling session goes on. A wrong `current_password` → 400.")
    void change(Identity identity, @Valid @RequestBody ChangePasswordRequest body, HttpServletRequest request) {
        passwords.change(identity, body, callerSession(request), ClientIp.of(request));
    }

    @PostMapping("/password-reset")
    @ResponseStatus(HttpStatus.ACCEPTED)
    @Operation(
            summary = "Ask for a password-reset mail",
            description = "Public. The same 202 whether or not the account exists. An existing account is sent a "
                    + "single-use link valid for 1 hour, at most 3 an hour.")
    PasswordResetAccepted requestReset(@Valid @RequestBody PasswordResetRequest body, HttpServletRequest request) {
        passwords.requestReset(body, ClientIp.of(request));
        return PasswordResetAccepted.INSTANCE;
    }

    @PostMapping("/password-reset/confirm")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(
            summary = "Set a new password with a reset token",
            description = "Public. Every session of the account ends. An unknown, used or expired token → 400.")
    void confirmReset(@Valid @RequestBody ConfirmPasswordResetRequest body, HttpServletRequest request) {
        passwords.confirmReset(body, ClientIp.of(request));
    }

    private static UUID callerSession(HttpServletRequest request) {
        String value = request.getHeader(SESSION_HEADER);
        if (value == null) return null;
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
