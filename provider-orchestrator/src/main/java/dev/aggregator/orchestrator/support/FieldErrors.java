package dev.aggregator.orchestrator.support;

import dev.aggregator.common.web.ApiException;
import dev.aggregator.common.web.FieldProblem;
import java.util.ArrayList;
import java.util.List;
import org.springframework.http.HttpStatus;

/**
 * Collects the validation failures Bean Validation cannot see (they need the database or several
 * fields), so that a client learns about all of them at once, in the same 400 shape.
 */
public final class FieldErrors {

    private final List<FieldProblem> problems = new ArrayList<>();

    public FieldErrors add(String field, String message) {
        problems.add(new FieldProblem(field, message));
        return this;
    }

    public void throwIfAny() {
        if (problems.isEmpty()) return;
        throw new ApiException(
                        HttpStatus.BAD_REQUEST, "validation-failed", "Invalid request", "Some fields are invalid.")
                .with("errors", List.copyOf(problems));
    }
}
