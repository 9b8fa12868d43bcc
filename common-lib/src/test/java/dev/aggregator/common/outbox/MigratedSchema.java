package dev.aggregator.common.outbox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A schema of the tests' own on the real PostgreSQL, dropped and created afresh, holding the tables
 * of every migration in {@code db/common} (applied in version order, as the services' Flyway
 * applies them next to their own).
 */
final class MigratedSchema {

    private static final String POSTGRES = "jdbc:postgresql://127.0.0.1:5432/postgres";

    private MigratedSchema() {}

    static PGSimpleDataSource create(String schema) throws IOException {
        var admin = new PGSimpleDataSource();
        admin.setURL(POSTGRES);
        admin.setUser("postgres");
        JdbcClient.create(admin)
                .sql("DROP SCHEMA IF EXISTS " + schema + " CASCADE; CREATE SCHEMA " + schema)
                .update();
        var dataSource = new PGSimpleDataSource();
        dataSource.setURL(POSTGRES + "?currentSchema=" + schema);
        dataSource.setUser("postgres");
        var jdbc = JdbcClient.create(dataSource);
        for (var migration : migrations()) {
            jdbc.sql(migration.getContentAsString(StandardCharsets.UTF_8)).update();
        }
        return dataSource;
    }

    /** {@code V0_1__…}, {@code V0_2__…}, … by their version's numbers, so that V0_10 follows V0_9. */
    private static Resource[] migrations() throws IOException {
        var migrations = new PathMatchingResourcePatternResolver().getResources("classpath:db/common/V*__*.sql");
        Arrays.sort(migrations, Comparator.comparing(MigratedSchema::version, Arrays::compare));
        return migrations;
    }

    private static int[] version(Resource migration) {
        String name = migration.getFilename();
        return Arrays.stream(name.substring(1, name.indexOf("__")).split("_"))
                .mapToInt(Integer::parseInt)
                .toArray();
    }
}
