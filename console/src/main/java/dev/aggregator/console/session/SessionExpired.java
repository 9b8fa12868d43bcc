package dev.aggregator.console.session;

/** The person's login ended (signed out elsewhere, removed, refresh token expired): sign in again. */
public class SessionExpired extends RuntimeException {

    public SessionExpired() {
        super("Your session has ended. Please sign in again.");
    }
}
