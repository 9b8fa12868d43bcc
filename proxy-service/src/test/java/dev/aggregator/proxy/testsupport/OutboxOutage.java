package dev.aggregator.proxy.testsupport;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Makes every insert into {@code outbox_event} fail while a flag row exists, as a database that
 * refuses writes would; lifting it deletes the flag, so a writer that retries then succeeds.
 */
public final class OutboxOutage {

    private OutboxOutage() {}

    public static void begin(JdbcClient jdbc) {
        end(jdbc);
        jdbc.sql("CREATE TABLE outbox_test_outage (id INT PRIMARY KEY)").update();
        jdbc.sql("INSERT INTO outbox_test_outage VALUES (1)").update();
        jdbc.sql("""
                        CREATE OR REPLACE FUNCTION outbox_test_outage() RETURNS trigger LANGUAGE plpgsql AS $$
                        BEGIN
                            IF EXISTS (SELECT 1 FROM outbox_test_outage) THEN
                                RAISE EXCEPTION 'simulated outage';
                            END IF;
                            RETURN NEW;
                        END $$""").update();
        jdbc.sql("""
                        CREATE TRIGGER outbox_test_outage BEFORE INSERT ON outbox_event
                        FOR EACH ROW EXECUTE FUNCTION outbox_test_outage()""").update();
    }

    /** Writes succeed again; the trigger stays until {@link #end}. */
    public static void lift(JdbcClient jdbc) {
        jdbc.sql("DELETE FROM outbox_test_outage").update();
    }

    public static void end(JdbcClient jdbc) {
        jdbc.sql("DROP TRIGGER IF EXISTS outbox_test_outage ON outbox_event").update();
        jdbc.sql("DROP TABLE IF EXISTS outbox_test_outage").update();
    }
}
