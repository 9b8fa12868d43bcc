package dev.aggregator.auth.accounts;

import jakarta.validation.constraints.Size;

record AddressDto(
        @Size(max = 100) String city, @Size(max = 100) String country) {}
