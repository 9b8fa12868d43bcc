package dev.aggregator.proxy.usage;

import static org.assertj.core.api.Assertions.assertThat;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import dev.aggregator.proxy.testsupport.Json;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class EmbeddingTokensTests {

    private static final Encoding CL100K =
            Encodings.newDefaultEncodingRegistry().getEncoding(EncodingType.CL100K_BASE);
    private static final String CJK = "東京は日本の首都であり、世界で最も人口の多い都市圏の一つです。";

    @Test
    void theBoundCountsStringsByTheirBytesAndTokenIdsOneEach() {
        assertThat(tokens("'hello'").bound()).isEqualTo(5);
        assertThat(tokens("['abcd', 'efgh', 'é']").bound()).isEqualTo(10);
        assertThat(tokens("[1, 2, 3]").bound()).isEqualTo(3);
        assertThat(tokens("[[1, 2], [3]]").bound()).isEqualTo(3);
    }

    @Test
    void openAisEmbeddingModelsCountWithCl100k() {
        String text = "The quick brown fox jumps over the lazy dog.";
        var input = tokens("['" + text + "', '" + CJK + "']");
        long cl100k = CL100K.countTokensOrdinary(text) + CL100K.countTokensOrdinary(CJK);
        assertThat(input.estimate("text-embedding-3-small")).isEqualTo(cl100k);
        assertThat(input.estimate("openai/text-embedding-3-large")).isEqualTo(cl100k);
        // Japanese: more tokens than the bytes / 4 rule this replaces
        assertThat(tokens("'" + CJK + "'").estimate("text-embedding-ada-002"))
                .isGreaterThan(Math.ceilDiv(CJK.getBytes(StandardCharsets.UTF_8).length, 4));
    }

    @Test
    void anotherVendorsModelCountsHalfAgainTheCl100kCountAndTokenIdsAsThemselves() {
        String text = "Embed this sentence, please. ".repeat(10);
        assertThat(tokens("'" + text + "'").estimate("mistral-embed"))
                .isEqualTo((long) Math.ceil(1.5 * CL100K.countTokensOrdinary(text)));
        assertThat(tokens("[[1, 2], [3, 4, 5]]").estimate("mistral-embed")).isEqualTo(5);
        var input = tokens("'" + text + "'");
        assertThat(input.estimate(List.of("text-embedding-3-small", "mistral-embed")))
                .isEqualTo(input.estimate("mistral-embed"));
    }

    @Test
    void theBoundIsNeverBelowAnyEstimate() {
        var random = new Random(11);
        String[] alphabets = {"abc xyz", "0123456789", "éüßñ", "東京日本語世界", "😀🎉👍"};
        for (int run = 0; run < 200; run++) {
            var text = new StringBuilder();
            int length = 1 + random.nextInt(300);
            for (int i = 0; i < length; i++) {
                String alphabet = alphabets[random.nextInt(alphabets.length)];
                text.appendCodePoint(alphabet.codePointAt(
                        alphabet.offsetByCodePoints(0, random.nextInt(alphabet.codePointCount(0, alphabet.length())))));
            }
            var input = EmbeddingTokens.of(Json.MAPPER.getNodeFactory().stringNode(text.toString()));
            for (String model : List.of("text-embedding-3-small", "mistral-embed")) {
                assertThat(input.bound()).as("%s, run %d", model, run).isGreaterThanOrEqualTo(input.estimate(model));
            }
        }
    }

    private static EmbeddingTokens tokens(String input) {
        JsonNode node = Json.object("{'i': " + input + "}").get("i");
        return EmbeddingTokens.of(node);
    }
}
