package dev.aggregator.auth.sessions;

/** An OAuth 2-style token pair; {@code expires_in} is the access token's lifetime in seconds. */
record TokenResponse(String accessToken, String refreshToken, String tokenType, long expiresIn) {

    static TokenResponse bearer(String accessToken, String refreshToken, long expiresIn) {
        return new TokenResponse(accessToken, refreshToken, "Bearer", expiresIn);
    }

    @Override
    public String toString() {
        return "TokenResponse[tokens=<redacted>, expiresIn=" + expiresIn + "]";
    }
}
