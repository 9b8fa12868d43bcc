package dev.aggregator.auth.sessions;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

record RefreshTokenRequest(@NotBlank @Size(max = 256) String refreshToken) {

    @Override
    public String toString() {
        return "RefreshTokenRequest[refreshToken=<redacted>]";
    }
}
