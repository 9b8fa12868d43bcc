package dev.aggregator.console.api;

import java.util.List;

/**
 * An API call the gateway answered with an error: its status and the message the API gave (a
 * problem's {@code detail} or {@code title}, or an OpenAI error's {@code message}), shown to the
 * person as it is, since the API's messages are written for its callers.
 */
public class ApiCallFailed extends RuntimeException {

    private final int status;
    private final List<String> fieldErrors;

    public ApiCallFailed(int status, String message, List<String> fieldErrors) {
        super(message);
        this.status = status;
        this.fieldErrors = List.copyOf(fieldErrors);
    }

    public int status() {
        return status;
    }

    /** {@code field: message} for each field a validation problem named. */
    public List<String> fieldErrors() {
        return fieldErrors;
    }

    /** The message and the field errors, in one line for a banner. */
    public String describe() {
        if (fieldErrors.isEmpty()) return getMessage();
        return getMessage() + " (" + String.join("; ", fieldErrors) + ")";
    }
}
