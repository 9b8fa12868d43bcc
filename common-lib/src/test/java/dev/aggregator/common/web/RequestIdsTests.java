package dev.aggregator.common.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RequestIdsTests {

    @Test
    void echoesASafeClientId() {
        assertThat(RequestIds.acceptOrCreate("client-req_42.a:b")).isEqualTo("client-req_42.a:b");
    }

    @Test
    void replacesUnsafeOrMissingIds() {
        for (String unsafe : new String[] {null, "", "has space", "new\nline", "x".repeat(129), "<script>"}) {
            assertThat(RequestIds.acceptOrCreate(unsafe)).startsWith("req_").hasSize(36);
        }
    }

    @Test
    void fieldNamesAreReportedAsTheClientSentThem() {
        assertThat(ProblemDetailsAdvice.snakeCase("referralCode")).isEqualTo("referral_code");
        assertThat(ProblemDetailsAdvice.snakeCase("address.countryCode")).isEqualTo("address.country_code");
        assertThat(ProblemDetailsAdvice.snakeCase("amount")).isEqualTo("amount");
    }
}
