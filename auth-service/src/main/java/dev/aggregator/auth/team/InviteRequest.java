package dev.aggregator.auth.team;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

record InviteRequest(
        @NotBlank @Size(max = 254) @Email(regexp = ".+@[^@]+\\.[^@]+", message = "must be a valid email address")
        String email,

        @NotBlank @Pattern(regexp = "ADMIN|MEMBER", message = "must be ADMIN or MEMBER")
        String role) {}
