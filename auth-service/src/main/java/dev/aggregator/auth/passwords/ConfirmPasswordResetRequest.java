package dev.aggregator.auth.passwords;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

record ConfirmPasswordResetRequest(
        @NotBlank @Size(max = 256) String token,
        @NotNull @Size(min = 12, max = 128) String newPassword) {

    @Override
    public String toString() {
        return "ConfirmPasswordResetRequest[<redacted>]";
    }
}
