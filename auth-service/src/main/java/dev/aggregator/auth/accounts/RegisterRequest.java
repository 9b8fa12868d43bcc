package dev.aggregator.auth.accounts;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

record RegisterRequest(
        @NotBlank @Size(max = 200) String name,

        // Bean Validation alone accepts "a@b"; a deliverable address has a dot in its domain.
        @NotBlank @Size(max = 254) @Email(regexp = ".+@[^@]+\\.[^@]+", message = "must be a valid email address")
        String email,

        @NotNull @Size(min = 12, max = 128) String password,
        @Size(max = 2000) String description,
        @Size(max = 500) String website,
        @Size(max = 50) String phone,
        @Valid AddressDto address,
        @Size(max = 32) String referralCode) {

    @Override
    public String toString() {
        return "RegisterRequest[name=" + name + ", email=" + email + ", password=<redacted>]";
    }
}
