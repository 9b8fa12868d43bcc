package dev.aggregator.auth.team;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

record AcceptInvitationRequest(
        @NotBlank @Size(max = 256) String token,
        @NotNull @Size(min = 12, max = 128) String password,
        @Size(max = 200) String name) {

    @Override
    public String toString() {
        return "AcceptInvitationRequest[token=<redacted>, password=<redacted>, name=" + name + "]";
    }
}
