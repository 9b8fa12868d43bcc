package dev.aggregator.auth.accounts;

/** A member with the password hash a login checks against; never leaves this service. */
public record MemberCredentials(Member member, String passwordHash) {

    @Override
    public String toString() {
        return "MemberCredentials[member=" + member + ", passwordHash=<redacted>]";
    }
}
