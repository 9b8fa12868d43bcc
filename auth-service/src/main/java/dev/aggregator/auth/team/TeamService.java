package dev.aggregator.auth.team;

import dev.aggregator.auth.accounts.Member;
import dev.aggregator.auth.accounts.MemberRepository;
import dev.aggregator.auth.accounts.Passwords;
import dev.aggregator.auth.mail.Mailer;
import dev.aggregator.auth.sessions.SessionRevocation;
import dev.aggregator.auth.support.Secrets;
import dev.aggregator.auth.support.Timestamps;
import dev.aggregator.common.events.AuditRecorded;
import dev.aggregator.common.identity.Identity;
import dev.aggregator.common.outbox.OutboxWriter;
import dev.aggregator.common.web.ApiException;
import java.time.Clock;
import java.util.Map;
import java.util.UUID;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A company's members: listing, inviting, accepting, changing roles and removing. Who may do what
 * follows the role table of the API contract; another company's member is never found (404).
 */
@Service
class TeamService {

    private static final int INVITATION_TOKEN_BYTES = 32;

    private final TeamRepository team;
    private final MemberRepository members;
    private final Passwords passwords;
    private final SessionRevocation sessions;
    private final Mailer mailer;
    private final TeamProperties properties;
    private final OutboxWriter outbox;
    private final TransactionTemplate transactions;
    private final Clock clock;

    TeamService(
            TeamRepository team,
            MemberRepository members,
            Passwords passwords,
            SessionRevocation sessions,
            Mailer mailer,
            TeamProperties properties,
            OutboxWriter outbox,
            TransactionTemplate transactions,
            Clock clock) {
        this.team = team;
        this.members = members;
        this.passwords = passwords;
        this.sessions = sessions;
        this.mailer = mailer;
        this.properties = properties;
        this.outbox = outbox;
        this.transactions = transactions;
        this.clock = clock;
    }

    MembersResponse list(Identity identity) {
        requireMember(identity);
        return new MembersResponse(team.members(identity.companyId()));
    }

    InvitationResponse invite(Identity identity, InviteRequest request, String clientIp) {
        requireMember(identity);
        identity.requireAnyRole(Identity.OWNER, Identity.ADMIN);
        if (Identity.ADMIN.equals(request.role()) && !identity.hasRole(Identity.OWNER) && !identity.isPlatformAdmin()) {
            throw ApiException.forbidden("Only an OWNER may invite an ADMIN.");
        }
        String email = request.email().strip();
        String token = Secrets.randomToken(INVITATION_TOKEN_BYTES);
        var now = Timestamps.micros(clock.instant());
        var invitation = new TeamRepository.Invitation(
                UUID.randomUUID(), identity.companyId(), email, request.role(), now.plus(properties.invitationTtl()));
        String companyName = transactions.execute(status -> {
            if (members.existsByEmail(email)) throw ApiException.conflict("An account with this email already exists.");
            boolean replaced = team.deletePendingInvitation(identity.companyId(), email);
            try {
                team.insertInvitation(invitation, Secrets.sha256Hex(token), identity.userId(), now);
            } catch (DuplicateKeyException e) {
                throw ApiException.conflict("This address is being invited concurrently; try again.");
            }
            outbox.append(AuditRecorded.of(
                    identity.companyId(),
                    identity.actor(),
                    "member.invited",
                    "invitation:" + invitation.id(),
                    clientIp,
                    Map.of("email", email, "role", request.role(), "replaced_pending", Boolean.toString(replaced))));
            String name = team.companyName(identity.companyId());
            mailer.sendAfterCommit(invitationMail(email, name, request.role(), token));
            return name;
        });
        return new InvitationResponse(invitation.id(), email, request.role(), invitation.expiresAt(), token);
    }

    AcceptedInvitationResponse accept(AcceptInvitationRequest request, String clientIp) {
        // BCrypt is slow on purpose: hash before taking a database connection, not while holding one.
        String passwordHash = passwords.hash(request.password());
        return transactions.execute(status -> {
            var now = Timestamps.micros(clock.instant());
            var invitation = team.lockAcceptable(Secrets.sha256Hex(request.token()), now)
                    .orElseThrow(() -> ApiException.badRequest("token", "is unknown, used or expired"));
            var member = new Member(UUID.randomUUID(), invitation.companyId(), invitation.email(), invitation.role());
            String name = request.name() == null || request.name().isBlank()
                    ? null
                    : request.name().strip();
            try {
                members.insert(member, name, passwordHash, now);
            } catch (DuplicateKeyException e) {
                throw ApiException.conflict("An account with this email already exists.");
            }
            team.markAccepted(invitation.id(), now);
            outbox.append(AuditRecorded.of(
                    invitation.companyId(),
                    member.email(),
                    "member.invitation_accepted",
                    "member:" + member.id(),
                    clientIp,
                    Map.of("invitation_id", invitation.id().toString(), "role", member.role())));
            return new AcceptedInvitationResponse(member.id(), member.companyId(), member.email(), member.roles());
        });
    }

    MemberResponse changeRole(Identity identity, UUID memberId, ChangeRoleRequest request, String clientIp) {
        requireMember(identity);
        identity.requireAnyRole(Identity.OWNER);
        return transactions.execute(status -> {
            var owners = team.lockOwners(identity.companyId());
            var target = team.member(identity.companyId(), memberId).orElseThrow(TeamService::memberNotFound);
            String from = target.roles().getFirst();
            if (Identity.PLATFORM_ADMIN.equals(from))
                throw ApiException.forbidden("The platform admin's role is fixed.");
            if (from.equals(request.role())) return target;
            if (Identity.OWNER.equals(from) && owners.size() <= 1) {
                throw ApiException.conflict("The company's last OWNER cannot be demoted.");
            }
            team.updateRole(memberId, request.role());
            outbox.append(AuditRecorded.of(
                    identity.companyId(),
                    identity.actor(),
                    "member.role_changed",
                    "member:" + memberId,
                    clientIp,
                    Map.of("email", target.email(), "from", from, "to", request.role())));
            return team.member(identity.companyId(), memberId).orElseThrow();
        });
    }

    void remove(Identity identity, UUID memberId, String clientIp) {
        requireMember(identity);
        identity.requireAnyRole(Identity.OWNER, Identity.ADMIN);
        transactions.executeWithoutResult(status -> {
            var owners = team.lockOwners(identity.companyId());
            var target = team.member(identity.companyId(), memberId).orElseThrow(TeamService::memberNotFound);
            String role = target.roles().getFirst();
            boolean mayRemove = identity.hasRole(Identity.OWNER) || identity.isPlatformAdmin()
                    ? !Identity.PLATFORM_ADMIN.equals(role)
                    : Identity.MEMBER.equals(role);
            if (!mayRemove)
                throw ApiException.forbidden("Your role may not remove a member with the role " + role + ".");
            if (Identity.OWNER.equals(role) && owners.size() <= 1) {
                throw ApiException.conflict("The company's last OWNER cannot be removed.");
            }
            var member = new Member(memberId, identity.companyId(), target.email(), role);
            // Before the delete: the notice names the logins, which go with the member's rows.
            sessions.endAll(member, "member_removed");
            team.deleteMember(memberId);
            outbox.append(AuditRecorded.of(
                    identity.companyId(),
                    identity.actor(),
                    "member.removed",
                    "member:" + memberId,
                    clientIp,
                    Map.of("email", target.email(), "role", role)));
        });
    }

    private Mailer.Mail invitationMail(String email, String companyName, String role, String token) {
        String link = mailer.properties().link("/accept-invitation", token);
        String text =
                """
                You have been invited to join %s on the AI Aggregator Platform as %s.

                Accept the invitation and choose your password here (valid for %d days):

                %s

                Or call the API: POST /v1/auth/invitations/accept {"token": "<the token in the link>", "password": "..."}

                If you did not expect this invitation, ignore this mail.
                """.formatted(companyName, role, properties.invitationTtl().toDays(), link);
        return new Mailer.Mail(email, "You are invited to join " + companyName, text, "invitation");
    }

    private static void requireMember(Identity identity) {
        if (identity.userId() == null)
            throw ApiException.forbidden("This action needs a signed-in member, not an API key.");
    }

    private static ApiException memberNotFound() {
        return ApiException.notFound("No such member.");
    }
}
