package dev.aggregator.orchestrator.models;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** What other features may ask about models. */
@Component
public class ModelDirectory {

    private final JdbcClient jdbc;

    ModelDirectory(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public boolean exists(String id) {
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM model WHERE id = ?)")
                .param(id)
                .query(Boolean.class)
                .single();
    }
}
