package dev.aggregator.auth.sessions;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LoginThrottleAddressGroupTests {

    @Test
    void anIpv4AddressIsItsOwnGroup() {
        assertThat(LoginThrottle.addressGroup("198.18.0.1")).isEqualTo("v4:198.18.0.1");
        assertThat(LoginThrottle.addressGroup("198.18.0.2")).isNotEqualTo(LoginThrottle.addressGroup("198.18.0.1"));
    }

    @Test
    void ipv6AddressesInOneSlash64ShareAGroupWhateverTheirSpelling() {
        String group = LoginThrottle.addressGroup("2001:db8:1:2::1");

        assertThat(group).isEqualTo("v6:20010db800010002/64");
        assertThat(LoginThrottle.addressGroup("2001:0DB8:0001:0002:ffff:ffff:ffff:ffff"))
                .isEqualTo(group);
        assertThat(LoginThrottle.addressGroup("2001:db8:1:3::1")).isNotEqualTo(group);
    }

    @Test
    void somethingThatIsNotAnAddressIsHashedRatherThanUsedAsIs() {
        assertThat(LoginThrottle.addressGroup("evil:key*pattern"))
                .startsWith("other:")
                .doesNotContain("evil");
        assertThat(LoginThrottle.addressGroup("example.com")).startsWith("other:");
    }
}
