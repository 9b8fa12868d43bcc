package dev.aggregator.auth.team;

import dev.aggregator.auth.support.Timestamps;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** A company's members and its pending invitations. */
@Repository
class TeamRepository {

    record Invitation(UUID id, UUID companyId, String email, String role, Instant expiresAt) {}

    private static final String MEMBER_COLUMNS = "id, email, name, role, created_at, last_login_at";

    private final JdbcClient jdbc;

    TeamRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    List<MemberResponse> members(UUID companyId) {
        return jdbc.sql("SELECT " + MEMBER_COLUMNS + " FROM member WHERE company_id = :companyId"
                        + " ORDER BY created_at DESC, id DESC")
                .param("companyId", companyId)
                .query((rs, n) -> member(rs))
                .list();
    }

    Optional<MemberResponse> member(UUID companyId, UUID id) {
        return jdbc.sql("SELECT " + MEMBER_COLUMNS + " FROM member WHERE company_id = :companyId AND id = :id")
                .param("companyId", companyId)
                .param("id", id)
                .query((rs, n) -> member(rs))
                .optional();
    }

    /**
     * Locks the company's owners until the transaction ends, so that two demotions or removals
     * cannot each see another owner left and together leave none. Returns their ids.
     */
    List<UUID> lockOwners(UUID companyId) {
        return jdbc.sql("SELECT id FROM member WHERE company_id = :companyId AND role = 'OWNER' FOR UPDATE")
                .param("companyId", companyId)
                .query(UUID.class)
                .list();
    }

    void updateRole(UUID id, String role) {
        jdbc.sql("UPDATE member SET role = :role WHERE id = :id")
                .param("id", id)
                .param("role", role)
                .update();
    }

    /** Its refresh tokens and password resets go with it (ON DELETE CASCADE). */
    void deleteMember(UUID id) {
        jdbc.sql("DELETE FROM member WHERE id = :id").param("id", id).update();
    }

    String companyName(UUID companyId) {
        return jdbc.sql("SELECT name FROM company WHERE id = :id")
                .param("id", companyId)
                .query(String.class)
                .single();
    }

    /** Drops the address's pending invitation to this company, if any: its token stops working. */
    boolean deletePendingInvitation(UUID companyId, String email) {
        return jdbc.sql("""
                        DELETE FROM invitation
                        WHERE company_id = :companyId AND lower(email) = lower(:email) AND accepted_at IS NULL""").param("companyId", companyId).param("email", email).update() > 0;
    }

    void insertInvitation(Invitation invitation, String tokenHash, UUID invitedBy, Instant createdAt) {
        jdbc.sql("""
                        INSERT INTO invitation (id, company_id, email, role, token_hash, invited_by, created_at, expires_at)
                        VALUES (:id, :companyId, :email, :role, :tokenHash, :invitedBy, :createdAt, :expiresAt)""")
                .param("id", invitation.id())
                .param("companyId", invitation.companyId())
                .param("email", invitation.email())
                .param("role", invitation.role())
                .param("tokenHash", tokenHash)
                .param("invitedBy", invitedBy)
                .param("createdAt", Timestamps.sql(createdAt))
                .param("expiresAt", Timestamps.sql(invitation.expiresAt()))
                .update();
    }

    /** A pending, unexpired invitation by its token's hash, locked so that it is accepted once. */
    Optional<Invitation> lockAcceptable(String tokenHash, Instant now) {
        return jdbc.sql("""
                        SELECT id, company_id, email, role, expires_at FROM invitation
                        WHERE token_hash = :tokenHash AND accepted_at IS NULL AND expires_at > :now
                        FOR UPDATE""")
                .param("tokenHash", tokenHash)
                .param("now", Timestamps.sql(now))
                .query((rs, n) -> new Invitation(
                        rs.getObject("id", UUID.class),
                        rs.getObject("company_id", UUID.class),
                        rs.getString("email"),
                        rs.getString("role"),
                        Timestamps.read(rs, "expires_at")))
                .optional();
    }

    void markAccepted(UUID id, Instant at) {
        jdbc.sql("UPDATE invitation SET accepted_at = :at WHERE id = :id")
                .param("id", id)
                .param("at", Timestamps.sql(at))
                .update();
    }

    private static MemberResponse member(ResultSet rs) throws SQLException {
        return new MemberResponse(
                rs.getObject("id", UUID.class),
                rs.getString("email"),
                rs.getString("name"),
                List.of(rs.getString("role")),
                Timestamps.read(rs, "created_at"),
                Timestamps.read(rs, "last_login_at"));
    }
}
