package dev.aggregator.auth.passwords;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

record PasswordResetRequest(@NotBlank @Size(max = 254) String email) {}
