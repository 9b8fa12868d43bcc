package dev.aggregator.common.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.UncategorizedSQLException;

class ProblemDetailsAdviceTests {

    private final ProblemDetailsAdvice advice = new ProblemDetailsAdvice();

    @Test
    void valuesPostgresCannotStoreAreTheClientsFault() {
        var nul = new DataIntegrityViolationException(
                "insert", new SQLException("invalid byte sequence for encoding \"UTF8\": 0x00", "22021"));

        var answer = advice.handleDataAccess(nul);

        assertThat(answer.getStatusCode().value()).isEqualTo(400);
        assertThat(answer.getBody().getDetail()).doesNotContain("UTF8", "0x00");
    }

    @Test
    void otherDatabaseFailuresStayServerErrorsWithoutInternals() {
        var down = new UncategorizedSQLException("select", "select 1", new SQLException("connection refused", "08001"));

        var answer = advice.handleDataAccess(down);

        assertThat(answer.getStatusCode().value()).isEqualTo(500);
        assertThat(answer.getBody().getDetail()).doesNotContain("connection refused", "select");
    }
}
