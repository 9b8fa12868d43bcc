package dev.aggregator.billing.leases;

import dev.aggregator.billing.keybudgets.KeyMonth;
import dev.aggregator.common.web.ApiException;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.time.YearMonth;
import java.util.UUID;

/**
 * A proxy instance asks for a lease on a company's funds.
 *
 * @param holder the asking proxy instance
 * @param minimum the least that helps it (the worst case of the request waiting for it)
 * @param desired what it would like (its slice)
 * @param apiKeyId for a lease admitting one capped API key's requests: the key (null for the
 *     company's shared lease)
 * @param spendLimit that key's monthly cap as the proxy knows it now
 * @param keyMonth the calendar month (UTC) the key's requests are admitted in
 */
record GrantLeaseRequest(
        @NotNull UUID companyId,
        @NotBlank @Size(max = 200) String holder,

        @NotNull @Positive @Digits(integer = 12, fraction = 8)
        BigDecimal minimum,

        @NotNull @Positive @Digits(integer = 12, fraction = 8)
        BigDecimal desired,

        UUID apiKeyId,

        @PositiveOrZero @Digits(integer = 12, fraction = 8) BigDecimal spendLimit,

        YearMonth keyMonth) {

    /** The key's month this lease also holds on; null for a company lease. */
    KeyMonth capped() {
        if (apiKeyId == null || spendLimit == null) return null;
        if (keyMonth == null) throw ApiException.badRequest("key_month", "is required with api_key_id and spend_limit");
        return new KeyMonth(apiKeyId, keyMonth);
    }
}
