package dev.aggregator.auth.accounts;

import dev.aggregator.auth.support.ClientIp;
import dev.aggregator.common.identity.Identity;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/v1/auth")
@Tag(name = "Auth", description = "Companies, members, sessions and API keys")
class AccountController {

    private final RegistrationService registration;

    AccountController(RegistrationService registration) {
        this.registration = registration;
    }

    @PostMapping("/register")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(
            summary = "Register a company",
            description = "Public. Creates the company and its first member, the OWNER. `id` is the company's id. "
                    + "The email is unique across the platform, case-insensitively (409). "
                    + "`referral_code` in the answer is the company's own code to share; "
                    + "an unknown `referral_code` in the request is a 400.")
    CompanyResponse register(@Valid @RequestBody RegisterRequest body, HttpServletRequest request) {
        return registration.register(body, ClientIp.of(request));
    }

    @GetMapping("/me")
    @Operation(
            summary = "Who is calling",
            description = "For a member (JWT): `{company_id, user_id, email, roles}`. "
                    + "For an API key: `{company_id, api_key_id, scopes}`.")
    MeResponse me(Identity identity) {
        return MeResponse.of(identity);
    }
}
