package dev.aggregator.auth.team;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;

record ChangeRoleRequest(
        @NotBlank @Pattern(regexp = "OWNER|ADMIN|MEMBER", message = "must be OWNER, ADMIN or MEMBER")
        String role) {}
