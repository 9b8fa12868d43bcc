package dev.aggregator.orchestrator.providers;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.stereotype.Component;

/**
 * Where a provider's base URL may point. The proxy sends the provider's API key there, so a URL
 * must never reach the machine's own metadata service (which hands out cloud credentials) or
 * another link-local address; loopback and private networks only where
 * {@code aggregator.providers.base-urls.allow-private} says so (local runs and tests, whose mock
 * provider listens on 127.0.0.1). Only the host as written is judged: a public name that resolves
 * to a private address is not caught here.
 */
@Component
class BaseUrlPolicy {

    /** @param allowPrivate whether loopback and private-network hosts are accepted */
    @ConfigurationProperties("aggregator.providers.base-urls")
    record Settings(@DefaultValue("false") boolean allowPrivate) {}

    private static final Set<String> METADATA_HOSTS = Set.of(
            "metadata.google.internal", "metadata.goog", "metadata", "instance-data", "instance-data.ec2.internal");
    /** AWS's IPv6 metadata endpoint and Alibaba Cloud's metadata address. */
    private static final Set<String> METADATA_ADDRESSES = Set.of("fd00:ec2:0:0:0:0:0:254", "100.100.100.200");

    private final boolean allowPrivate;

    BaseUrlPolicy(Settings settings) {
        this.allowPrivate = settings.allowPrivate();
    }

    /** Why the URL's host is refused, if it is. */
    Optional<String> problem(String url) {
        String host;
        try {
            host = new URI(url.strip()).getHost();
        } catch (URISyntaxException e) {
            return Optional.empty(); // @BaseUrl reports a malformed URL
        }
        if (host == null) return Optional.empty();
        String name = host.toLowerCase(Locale.ROOT);
        while (name.endsWith(".")) name = name.substring(0, name.length() - 1);
        if (METADATA_HOSTS.contains(name)) return Optional.of("must not point at a cloud metadata service");
        var address = literal(name);
        if (address.isEmpty()) {
            boolean local = name.equals("localhost") || name.endsWith(".localhost");
            return local && !allowPrivate ? Optional.of("must not point at this machine") : Optional.empty();
        }
        var ip = address.get();
        if (METADATA_ADDRESSES.contains(ip.getHostAddress())) {
            return Optional.of("must not point at a cloud metadata service");
        }
        if (ip.isLinkLocalAddress()) return Optional.of("must not point at a link-local address");
        boolean internal = ip.isLoopbackAddress()
                || ip.isAnyLocalAddress()
                || ip.isSiteLocalAddress()
                || isUniqueLocal(ip)
                || isSharedAddressSpace(ip);
        if (internal && !allowPrivate) return Optional.of("must not point at a loopback or private address");
        return Optional.empty();
    }

    /** An IP literal, IPv4-mapped IPv6 reduced to IPv4; never a DNS lookup. */
    private static Optional<InetAddress> literal(String host) {
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        try {
            return Optional.of(InetAddress.ofLiteral(bare));
        } catch (IllegalArgumentException notAnAddress) {
            return Optional.empty();
        }
    }

    private static boolean isUniqueLocal(InetAddress ip) {
        byte[] bytes = ip.getAddress();
        return bytes.length == 16 && (bytes[0] & 0xfe) == 0xfc;
    }

    /** 100.64.0.0/10, carrier-grade NAT, where some clouds put internal services. */
    private static boolean isSharedAddressSpace(InetAddress ip) {
        byte[] bytes = ip.getAddress();
        return bytes.length == 4 && (bytes[0] & 0xff) == 100 && (bytes[1] & 0xc0) == 64;
    }
}
