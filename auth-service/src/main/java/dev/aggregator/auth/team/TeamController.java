package dev.aggregator.auth.team;

import dev.aggregator.auth.support.ClientIp;
import dev.aggregator.common.identity.Identity;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import java.util.UUID;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/v1/auth")
@Tag(name = "Team", description = "A company's members and invitations")
class TeamController {

    private final TeamService team;

    TeamController(TeamService team) {
        this.team = team;
    }

    @GetMapping("/members")
    @Operation(summary = "List the company's members", description = "Any member. Not paginated; newest first.")
    MembersResponse members(Identity identity) {
        return team.list(identity);
    }

    @PostMapping("/invitations")
    @Operation(
            summary = "Invite someone",
            description = "OWNER invites ADMIN or MEMBER, ADMIN only MEMBER, MEMBER nobody (403). An e-mail that "
                    + "already has an account → 409. Inviting an address again replaces its pending invitation. "
                    + "`token` is in this answer and the invitation mail only; it expires after 7 days.")
    ResponseEntity<InvitationResponse> invite(
            Identity identity, @Valid @RequestBody InviteRequest body, HttpServletRequest request) {
        return ResponseEntity.status(HttpStatus.CREATED)
                .cacheControl(CacheControl.noStore())
                .body(team.invite(identity, body, ClientIp.of(request)));
    }

    @PostMapping("/invitations/accept")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(
            summary = "Accept an invitation",
            description = "Public. Creates the member with the invited role; they can then log in. An unknown, "
                    + "used or expired token → 400.")
    AcceptedInvitationResponse accept(@Valid @RequestBody AcceptInvitationRequest body, HttpServletRequest request) {
        return team.accept(body, ClientIp.of(request));
    }

    @PatchMapping("/members/{id}")
    @Operation(
            summary = "Change a member's role",
            description = "OWNER only. The roles become exactly this role from the member's next token on. "
                    + "Demoting the last OWNER → 409.")
    MemberResponse changeRole(
            Identity identity,
            @PathVariable UUID id,
            @Valid @RequestBody ChangeRoleRequest body,
            HttpServletRequest request) {
        return team.changeRole(identity, id, body, ClientIp.of(request));
    }

    @DeleteMapping("/members/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(
            summary = "Remove a member",
            description = "OWNER; ADMIN may remove a MEMBER. The person's sessions end at once (refresh tokens "
                    + "revoked, access tokens refused by the gateway within a second) and they can no longer "
                    + "log in. Removing the last OWNER → 409.")
    void remove(Identity identity, @PathVariable UUID id, HttpServletRequest request) {
        team.remove(identity, id, ClientIp.of(request));
    }
}
