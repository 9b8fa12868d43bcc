package dev.aggregator.auth.apikeys;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

record VerifyApiKeyRequest(@NotBlank @Size(max = 256) String key) {

    @Override
    public String toString() {
        return "VerifyApiKeyRequest[key=<redacted>]";
    }
}
