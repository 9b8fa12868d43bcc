package dev.aggregator.auth.passwords;

/** The same answer whether or not the account exists, so that it reveals nothing. */
record PasswordResetAccepted(String message) {

    static final PasswordResetAccepted INSTANCE =
            new PasswordResetAccepted("If an account exists for this email, a reset link has been sent to it.");
}
