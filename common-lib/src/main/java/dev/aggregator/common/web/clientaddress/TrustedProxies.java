package dev.aggregator.common.web.clientaddress;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The proxies whose {@code X-Forwarded-For} is believed, as CIDR blocks ({@code 127.0.0.1/32},
 * {@code 10.0.0.0/8}, {@code ::1/128}; a bare address is a block of one). The client is the
 * nearest address in the chain that is not a trusted proxy: a client can put anything at the
 * start of the header, but not after the hop a trusted proxy appended.
 *
 * <p>Addresses are only ever parsed as literals ({@link InetAddress#ofLiteral}): a header never
 * causes a DNS lookup.
 */
public final class TrustedProxies {

    private static final int MAX_ADDRESS_LENGTH = 64;

    private record Block(byte[] network, int prefix) {

        boolean contains(byte[] address) {
            if (address.length != network.length) return false;
            int whole = prefix / 8;
            for (int i = 0; i < whole; i++) {
                if (address[i] != network[i]) return false;
            }
            int rest = prefix % 8;
            if (rest == 0) return true;
            int mask = (0xff << (8 - rest)) & 0xff;
            return (address[whole] & mask) == (network[whole] & mask);
        }
    }

    private final List<Block> blocks;

    private TrustedProxies(List<Block> blocks) {
        this.blocks = blocks;
    }

    /** @throws IllegalArgumentException naming the entry that is not an address or CIDR block */
    public static TrustedProxies of(List<String> cidrs) {
        var blocks = new ArrayList<Block>();
        for (String cidr : cidrs) {
            if (cidr == null || cidr.isBlank()) continue;
            String trimmed = cidr.strip();
            int slash = trimmed.indexOf('/');
            var address = literal(slash < 0 ? trimmed : trimmed.substring(0, slash))
                    .orElseThrow(() -> new IllegalArgumentException("not an address or CIDR block: " + trimmed));
            byte[] bytes = address.getAddress();
            int prefix;
            try {
                prefix = slash < 0 ? bytes.length * 8 : Integer.parseInt(trimmed.substring(slash + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not an address or CIDR block: " + trimmed);
            }
            if (prefix < 0 || prefix > bytes.length * 8) {
                throw new IllegalArgumentException("prefix out of range: " + trimmed);
            }
            blocks.add(new Block(bytes, prefix));
        }
        return new TrustedProxies(List.copyOf(blocks));
    }

    public static TrustedProxies none() {
        return new TrustedProxies(List.of());
    }

    public boolean trusts(String address) {
        return literal(address).map(this::trusts).orElse(false);
    }

    public boolean trusts(InetAddress address) {
        byte[] bytes = address.getAddress();
        for (Block block : blocks) {
            if (block.contains(bytes)) return true;
        }
        return false;
    }

    /**
     * The client's address: the peer itself unless it is a trusted proxy; then the last entry of
     * {@code X-Forwarded-For} (all its values, in order) that is not a trusted proxy, read from
     * the right. An entry that is not an address ends the walk at the hop before it.
     *
     * @param peer the socket peer's address
     * @param forwardedFor the header's values, possibly empty
     */
    public String clientAddress(String peer, List<String> forwardedFor) {
        if (forwardedFor == null || forwardedFor.isEmpty() || !trusts(peer)) return peer;
        List<String> hops = new ArrayList<>();
        for (String value : forwardedFor) {
            if (value != null) hops.addAll(Arrays.asList(value.split(",")));
        }
        String client = peer;
        for (int i = hops.size() - 1; i >= 0; i--) {
            String hop = hops.get(i).strip();
            var address = literal(hop);
            if (address.isEmpty()) break;
            client = address.get().getHostAddress();
            if (!trusts(address.get())) break;
        }
        return client;
    }

    /** An IPv4 or IPv6 literal (brackets allowed), never looked up in DNS. */
    static Optional<InetAddress> literal(String text) {
        if (text == null || text.isEmpty() || text.length() > MAX_ADDRESS_LENGTH) return Optional.empty();
        String bare = text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
        try {
            return Optional.of(InetAddress.ofLiteral(bare));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
