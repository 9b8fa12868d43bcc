package dev.aggregator.auth.accounts;

import dev.aggregator.auth.support.Timestamps;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Members, looked up by email whatever its case (the unique index is on {@code lower(email)}). */
@Repository
public class MemberRepository {

    private final JdbcClient jdbc;

    MemberRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<MemberCredentials> findCredentialsByEmail(String email) {
        return jdbc.sql("""
                        SELECT id, company_id, email, role, password_hash FROM member
                        WHERE lower(email) = lower(:email)""")
                .param("email", email)
                .query((rs, n) -> new MemberCredentials(member(rs), rs.getString("password_hash")))
                .optional();
    }

    public Optional<Member> findById(UUID id) {
        return jdbc.sql("SELECT id, company_id, email, role FROM member WHERE id = :id")
                .param("id", id)
                .query((rs, n) -> member(rs))
                .optional();
    }

    public boolean existsByEmail(String email) {
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM member WHERE lower(email) = lower(:email))")
                .param("email", email)
                .query(Boolean.class)
                .single();
    }

    /** Throws {@code DuplicateKeyException} when the email is taken, whatever its case. */
    void insert(Member member, String passwordHash, Instant createdAt) {
        insertStatement(member, passwordHash, createdAt, "").update();
    }

    /** A member who joined by invitation, with the name they gave; {@code DuplicateKeyException} when taken. */
    public void insert(Member member, String name, String passwordHash, Instant createdAt) {
        insertStatement(member, passwordHash, createdAt, "").param("name", name).update();
    }

    public void recordLogin(UUID id, Instant at) {
        jdbc.sql("UPDATE member SET last_login_at = :at WHERE id = :id")
                .param("id", id)
                .param("at", Timestamps.sql(at))
                .update();
    }

    public void updatePasswordHash(UUID id, String passwordHash) {
        jdbc.sql("UPDATE member SET password_hash = :hash WHERE id = :id")
                .param("id", id)
                .param("hash", passwordHash)
                .update();
    }

    /** The member and its password hash, locked until the transaction ends (so two changes queue). */
    public Optional<MemberCredentials> lockCredentials(UUID id) {
        return jdbc.sql("SELECT id, company_id, email, role, password_hash FROM member WHERE id = :id FOR UPDATE")
                .param("id", id)
                .query((rs, n) -> new MemberCredentials(member(rs), rs.getString("password_hash")))
                .optional();
    }

    /** False when the email (or the id) is taken already. */
    boolean insertIfAbsent(Member member, String passwordHash, Instant createdAt) {
        return insertStatement(member, passwordHash, createdAt, " ON CONFLICT DO NOTHING")
                        .update()
                == 1;
    }

    private JdbcClient.StatementSpec insertStatement(
            Member member, String passwordHash, Instant createdAt, String onConflict) {
        return jdbc.sql("""
                        INSERT INTO member (id, company_id, email, password_hash, role, created_at, name)
                        VALUES (:id, :companyId, :email, :passwordHash, :role, :createdAt, :name)""" + onConflict)
                .param("name", null)
                .param("id", member.id())
                .param("companyId", member.companyId())
                .param("email", member.email())
                .param("passwordHash", passwordHash)
                .param("role", member.role())
                .param("createdAt", Timestamps.sql(createdAt));
    }

    private static Member member(ResultSet rs) throws SQLException {
        return new Member(
                rs.getObject("id", UUID.class),
                rs.getObject("company_id", UUID.class),
                rs.getString("email"),
                rs.getString("role"));
    }
}
