package dev.aggregator.orchestrator.models;

import dev.aggregator.common.web.ApiException;
import java.util.regex.Pattern;

/**
 * Model ids as clients write them: {@code gpt-4o-mini}, {@code openai/gpt-4o-mini},
 * {@code meta-llama/llama-3.1-8b-instruct:free}. They may contain {@code /}, so controllers map
 * them with a capture-the-rest pattern ({@code {*model}}), which keeps the leading slash.
 */
public final class ModelIds {

    public static final int MAX_LENGTH = 200;
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9._:-]+(/[A-Za-z0-9._:-]+)*");
    private static final String RULE =
            "must be 1 to 200 letters, digits, '.', '_', ':' or '-', in segments separated by single '/'";

    private ModelIds() {}

    /** The id in a {@code {*model}} path capture. */
    public static String fromPath(String captured) {
        return captured.startsWith("/") ? captured.substring(1) : captured;
    }

    public static boolean isValid(String id) {
        return !id.isEmpty() && id.length() <= MAX_LENGTH && VALID.matcher(id).matches();
    }

    /** The id in a path capture, or a 400 naming the {@code model} field. */
    public static String requireValid(String captured) {
        String id = fromPath(captured);
        if (!isValid(id)) throw ApiException.badRequest("model", RULE);
        return id;
    }
}
