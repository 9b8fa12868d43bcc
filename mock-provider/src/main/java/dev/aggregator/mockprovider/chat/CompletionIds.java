package dev.aggregator.mockprovider.chat;

import java.util.concurrent.ThreadLocalRandom;

/** {@code chatcmpl-} plus 24 random characters, like OpenAI; no SecureRandom lock under load. */
final class CompletionIds {

    private static final char[] ALPHABET =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".toCharArray();

    private CompletionIds() {}

    static String next() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        char[] id = new char[24];
        for (int i = 0; i < id.length; i++) {
            id[i] = ALPHABET[random.nextInt(ALPHABET.length)];
        }
        return "chatcmpl-" + new String(id);
    }
}
