package dev.aggregator.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A company's team through the gateway, with invitations and password resets read from a real
 * SMTP server: an invited member joins, is kept from what its role may not do, and once removed
 * is refused at both gateways within a second.
 */
@ExtendWith(PlatformExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TeamFlowIT {

    private static final Pattern TOKEN_IN_LINK = Pattern.compile("\\?token=([A-Za-z0-9_-]+)");
    private static final String MEMBER_PASSWORD = "the member's password";

    private final Platform platform;
    private final ApiClient api;
    private final ApiClient secondGateway;
    private final Fixtures fixtures;

    TeamFlowIT(Platform platform) {
        this.platform = platform;
        this.api = new ApiClient(platform.gatewayUrl());
        this.secondGateway = new ApiClient(platform.secondGatewayUrl());
        this.fixtures = new Fixtures(platform, api);
    }

    @Test
    void anInvitedMemberJoinsByMailIsKeptToItsRoleAndIsShutOutOnceRemoved() {
        var company = fixtures.fundedCompany(BigDecimal.ZERO);
        String email = "member-" + UUID.randomUUID() + "@e2e.test";

        var invited = api.post("/v1/auth/invitations", company.ownerToken(), Map.of("email", email, "role", "MEMBER"));
        assertThat(invited.status()).as("invite: %s", invited.body()).isEqualTo(201);
        String token = tokenIn(awaitMail(email, 1).getLast());
        assertThat(token).isEqualTo(invited.body().get("token").asString());

        var accepted =
                api.post("/v1/auth/invitations/accept", null, Map.of("token", token, "password", MEMBER_PASSWORD));
        assertThat(accepted.status()).as("accept: %s", accepted.body()).isEqualTo(201);
        assertThat(accepted.body().get("company_id").asString()).isEqualTo(company.id());
        String memberId = accepted.body().get("user_id").asString();

        String memberToken = fixtures.login(email, MEMBER_PASSWORD);
        var members = api.get("/v1/auth/members", memberToken);
        assertThat(members.status()).isEqualTo(200);
        assertThat(members.body().get("data")).hasSize(2);
        assertThat(api.post("/v1/auth/api-keys", memberToken, Map.of("name", "nope"))
                        .status())
                .as("a MEMBER may not create API keys")
                .isEqualTo(403);
        assertThat(api.get("/v1/auth/me", memberToken).status()).isEqualTo(200);
        assertThat(secondGateway.get("/v1/auth/me", memberToken).status()).isEqualTo(200);

        assertThat(api.delete("/v1/auth/members/" + memberId, company.ownerToken())
                        .status())
                .isEqualTo(204);
        var removedAt = Instant.now();
        awaitRefused(api, memberToken, removedAt);
        awaitRefused(secondGateway, memberToken, removedAt);
        assertThat(api.post("/v1/auth/login", null, Map.of("email", email, "password", MEMBER_PASSWORD))
                        .status())
                .isEqualTo(401);
        assertThat(api.get("/v1/auth/me", company.ownerToken()).status())
                .as("the owner goes on")
                .isEqualTo(200);
    }

    @Test
    void aForgottenPasswordIsResetByMailAndEveryOldSessionEnds() {
        String email = "owner-" + UUID.randomUUID() + "@e2e.test";
        assertThat(fixtures.register(email).status()).isEqualTo(201);
        String oldToken = fixtures.login(email, "correct-horse-battery");

        var requested = api.post("/v1/auth/password-reset", null, Map.of("email", email));
        assertThat(requested.status()).isEqualTo(202);
        String token = tokenIn(awaitMail(email, 1).getLast());

        var confirmed = api.post(
                "/v1/auth/password-reset/confirm", null, Map.of("token", token, "new_password", "a new long password"));
        assertThat(confirmed.status()).as("confirm: %s", confirmed.body()).isEqualTo(204);
        var resetAt = Instant.now();
        awaitRefused(api, oldToken, resetAt);
        awaitRefused(secondGateway, oldToken, resetAt);
        String newToken = fixtures.login(email, "a new long password");
        assertThat(api.get("/v1/auth/me", newToken).status()).isEqualTo(200);
        assertThat(secondGateway.get("/v1/auth/me", newToken).status()).isEqualTo(200);
    }

    /** The access token is refused (401) within a second of the change, on this gateway. */
    private static void awaitRefused(ApiClient gateway, String accessToken, Instant changedAt) {
        var deadline = changedAt.plus(Duration.ofSeconds(1));
        int status;
        do {
            status = gateway.get("/v1/auth/me", accessToken).status();
            if (status == 401) return;
            sleep(25);
        } while (Instant.now().isBefore(deadline));
        assertThat(status).as("refused within 1 s of the change").isEqualTo(401);
    }

    private List<MimeMessage> awaitMail(String address, int count) {
        var deadline = Instant.now().plus(Duration.ofSeconds(15));
        List<MimeMessage> received;
        do {
            received = mailsTo(address);
            if (received.size() >= count) return received;
            sleep(50);
        } while (Instant.now().isBefore(deadline));
        throw new AssertionError("no mail to " + address + " within 15 s");
    }

    private List<MimeMessage> mailsTo(String address) {
        var result = new ArrayList<MimeMessage>();
        for (var message : platform.mail().getReceivedMessages()) {
            try {
                for (var recipient : message.getRecipients(Message.RecipientType.TO)) {
                    if (recipient.toString().equalsIgnoreCase(address)) result.add(message);
                }
            } catch (jakarta.mail.MessagingException e) {
                throw new IllegalStateException(e);
            }
        }
        return result;
    }

    private static String tokenIn(MimeMessage mail) {
        try {
            var matcher = TOKEN_IN_LINK.matcher(mail.getContent().toString());
            assertThat(matcher.find()).as("a ?token= link in the mail").isTrue();
            return matcher.group(1);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
