package dev.aggregator.auth.sessions;

import dev.aggregator.auth.support.ClientIp;
import dev.aggregator.common.web.ApiException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/v1/auth")
@Tag(name = "Auth")
class SessionController {

    private final SessionService sessions;

    SessionController(SessionService sessions) {
        this.sessions = sessions;
    }

    @PostMapping("/login")
    @Operation(
            summary = "Log in",
            description = "Public. Unknown email and wrong password are the same 401. Too many failures within 15 "
                    + "minutes for one email from one client address (5), for one email from anywhere (100) or "
                    + "from one client address, IPv6 by /64 (20) → 429 with Retry-After. "
                    + "`access_token` is an RS256 JWT (`expires_in` seconds); `refresh_token` is opaque.")
    ResponseEntity<TokenResponse> login(@Valid @RequestBody LoginRequest body, HttpServletRequest request) {
        return noStore(sessions.login(body, ClientIp.of(request)));
    }

    @PostMapping("/refresh")
    @Operation(
            summary = "Exchange a refresh token for a new pair",
            description = "Public. The presented token is used up. Presenting a used token again → 401, and every "
                    + "token of that login is revoked.")
    ResponseEntity<TokenResponse> refresh(@Valid @RequestBody RefreshTokenRequest body, HttpServletRequest request) {
        return noStore(sessions.refresh(body.refreshToken(), ClientIp.of(request))
                .orElseThrow(() -> ApiException.unauthorized("The refresh token is invalid, expired or revoked.")));
    }

    @PostMapping("/logout")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(
            summary = "Log out",
            description = "Public. Revokes the refresh token and every token of its login. Always 204.")
    void logout(@Valid @RequestBody RefreshTokenRequest body) {
        sessions.logout(body.refreshToken());
    }

    // Tokens must never sit in a cache (RFC 6749 §5.1).
    private static ResponseEntity<TokenResponse> noStore(TokenResponse tokens) {
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(tokens);
    }
}
