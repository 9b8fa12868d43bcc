package dev.aggregator.mockprovider.embeddings;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.SplittableRandom;

/**
 * A unit vector derived only from the text, so the same input always embeds the same way (tests
 * can compare vectors) while different inputs almost surely differ.
 */
final class MockVectors {

    private MockVectors() {}

    static float[] of(String text, int dimensions) {
        SplittableRandom random = new SplittableRandom(fnv1a(text));
        float[] vector = new float[dimensions];
        double norm = 0;
        for (int i = 0; i < dimensions; i++) {
            vector[i] = (float) (random.nextDouble() * 2 - 1);
            norm += vector[i] * vector[i];
        }
        // OpenAI's embeddings are normalised to length 1; cosine similarity then equals the dot product.
        float scale = (float) (1 / Math.sqrt(norm));
        for (int i = 0; i < dimensions; i++) {
            vector[i] *= scale;
        }
        return vector;
    }

    static String base64(float[] vector) {
        ByteBuffer bytes = ByteBuffer.allocate(vector.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (float value : vector) {
            bytes.putFloat(value);
        }
        return Base64.getEncoder().encodeToString(bytes.array());
    }

    /** 64-bit FNV-1a over UTF-8: stable across JVMs, unlike {@code String.hashCode} spreading. */
    private static long fnv1a(String text) {
        long hash = 0xcbf29ce484222325L;
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            hash ^= b & 0xff;
            hash *= 0x100000001b3L;
        }
        return hash;
    }
}
