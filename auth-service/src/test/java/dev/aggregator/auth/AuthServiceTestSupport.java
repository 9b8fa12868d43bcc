package dev.aggregator.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.aggregator.common.identity.Identity;
import dev.aggregator.common.identity.InternalTokens;
import dev.aggregator.common.outbox.OutboxRelay;
import io.jsonwebtoken.Claims;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Jwks;
import io.jsonwebtoken.security.PublicJwk;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.security.Key;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One running service for every HTTP test (a single Spring context), on the real PostgreSQL
 * (schema {@code auth_it}), Redis and RabbitMQ (exchange {@code it.auth-service}). Tests call it
 * the way the gateway does and make their own companies, so they never depend on each other.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("it")
public abstract class AuthServiceTestSupport {

    public static final String PASSWORD = "correct horse battery staple";

    /** A status, the headers and the parsed JSON body (null when there is none). */
    public record Response(int status, HttpHeaders headers, JsonNode body) {

        public String text(String field) {
            return body.path(field).asString();
        }
    }

    /** A company registered through the API, with its owner. */
    public record Company(UUID id, String email, UUID ownerId, String referralCode) {

        public Identity owner() {
            return Identity.member(id, ownerId, email, Set.of(Identity.OWNER));
        }

        public Identity member(String role) {
            return Identity.member(
                    id, UUID.randomUUID(), "someone-" + UUID.randomUUID() + "@example.com", Set.of(role));
        }
    }

    /**
     * A real SMTP server in this JVM, started once for the one shared context (a server per test
     * class would leave the cached context pointing at a stopped one).
     */
    protected static final GreenMail MAIL = startMailServer();

    private static final Pattern TOKEN_IN_LINK = Pattern.compile("\\?token=([A-Za-z0-9_-]+)");

    private static GreenMail startMailServer() {
        var mail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
        mail.start();
        return mail;
    }

    @DynamicPropertySource
    static void mailServer(DynamicPropertyRegistry registry) {
        registry.add("aggregator.mail.host", () -> "127.0.0.1");
        registry.add("aggregator.mail.port", () -> MAIL.getSmtp().getPort());
        registry.add("aggregator.mail.public-url", () -> "https://app.example.com");
    }

    /** The mails received for this address so far. */
    protected static List<MimeMessage> mailsTo(String address) {
        var result = new ArrayList<MimeMessage>();
        for (var message : MAIL.getReceivedMessages()) {
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

    /** Waits (bounded) until {@code count} mails reached the address; mail is sent after the commit. */
    protected static List<MimeMessage> awaitMails(String address, int count) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (mailsTo(address).size() < count && System.nanoTime() < deadline) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        var mails = mailsTo(address);
        assertThat(mails).as("mails to %s", address).hasSizeGreaterThanOrEqualTo(count);
        return mails;
    }

    /** The token of the link in the mail's plain text. */
    protected static String tokenIn(MimeMessage mail) {
        try {
            String text = mail.getContent().toString();
            var matcher = TOKEN_IN_LINK.matcher(text);
            assertThat(matcher.find()).as("a ?token= link in: %s", text).isTrue();
            return matcher.group(1);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @LocalServerPort
    private int port;

    @Autowired
    protected InternalTokens internalTokens;

    @Autowired
    protected JdbcClient jdbc;

    @Autowired
    protected JsonMapper json;

    @Autowired
    private OutboxRelay relay;

    /** The relay deletes the rows it published; paused, so that tests can read the outbox. */
    @BeforeEach
    void pauseTheOutboxRelay() {
        relay.stop();
    }

    @AfterEach
    void resumeTheOutboxRelay() {
        relay.start();
    }

    private RestClient http;

    @BeforeEach
    void createClient() {
        http = RestClient.builder().baseUrl("http://127.0.0.1:" + port).build();
    }

    // --- HTTP, the way the gateway calls the service ---

    protected Response call(
            HttpMethod method, String path, Object body, Identity identity, Map<String, String> headers) {
        var request = http.method(method).uri(path).headers(h -> {
            if (identity != null) h.set(InternalTokens.HEADER, internalTokens.mint(identity));
            headers.forEach(h::set);
        });
        if (body != null) {
            request = request.contentType(MediaType.APPLICATION_JSON)
                    .body(body instanceof String text ? text : json.writeValueAsString(body));
        }
        return request.exchange((req, res) -> {
            byte[] bytes = res.getBody().readAllBytes();
            JsonNode parsed = bytes.length == 0 ? null : json.readTree(new String(bytes, StandardCharsets.UTF_8));
            return new Response(res.getStatusCode().value(), res.getHeaders(), parsed);
        });
    }

    protected Response post(String path, Object body) {
        return call(HttpMethod.POST, path, body, null, Map.of());
    }

    protected Response post(String path, Object body, Identity identity) {
        return call(HttpMethod.POST, path, body, identity, Map.of());
    }

    protected Response get(String path, Identity identity) {
        return call(HttpMethod.GET, path, null, identity, Map.of());
    }

    protected Response delete(String path, Identity identity) {
        return call(HttpMethod.DELETE, path, null, identity, Map.of());
    }

    // --- fixtures ---

    public static String uniqueEmail() {
        return "it-" + UUID.randomUUID() + "@example.com";
    }

    /** A documentation-range address nobody else uses, so per-address throttling never crosses tests. */
    public static String uniqueIp() {
        var random = ThreadLocalRandom.current();
        return "198.18." + random.nextInt(256) + "." + random.nextInt(1, 255);
    }

    protected static Map<String, Object> registration(String email) {
        var body = new LinkedHashMap<String, Object>();
        body.put("name", "Acme " + UUID.randomUUID().toString().substring(0, 8));
        body.put("email", email);
        body.put("password", PASSWORD);
        body.put("description", "Builds anvils");
        body.put("website", "https://acme.example.com");
        body.put("phone", "+1 555 0100");
        body.put("address", Map.of("city", "Springfield", "country", "US"));
        return body;
    }

    protected Company registerCompany() {
        String email = uniqueEmail();
        var response = post("/v1/auth/register", registration(email));
        assertThat(response.status()).isEqualTo(201);
        UUID ownerId = jdbc.sql("SELECT id FROM member WHERE email = ?")
                .param(email)
                .query(UUID.class)
                .single();
        return new Company(UUID.fromString(response.text("id")), email, ownerId, response.text("referral_code"));
    }

    protected Response login(String email, String password) {
        return call(
                HttpMethod.POST,
                "/v1/auth/login",
                Map.of("email", email, "password", password),
                null,
                Map.of("X-Forwarded-For", uniqueIp()));
    }

    /** Verifies an access token as the gateway does: with the key the JWKS endpoint publishes. */
    protected Claims verifyAccessToken(String token) {
        var jwks = get("/internal/jwks", Identity.service("api-gateway"));
        assertThat(jwks.status()).isEqualTo(200);
        var keys = Jwks.setParser().build().parse(jwks.body().toString());
        return Jwts.parser()
                .keyLocator(header -> {
                    String kid = ((io.jsonwebtoken.ProtectedHeader) header).getKeyId();
                    return keys.getKeys().stream()
                            .filter(jwk -> jwk.getId().equals(kid))
                            .map(jwk -> (Key) ((PublicJwk<?>) jwk).toKey())
                            .findFirst()
                            .orElseThrow();
                })
                .requireIssuer("aggregator-auth")
                .build()
                .parseSignedClaims(token)
                .getPayload();
    }

    /** The identity the gateway forwards for a member signed in with this access token. */
    protected Identity identityOf(String accessToken) {
        var claims = verifyAccessToken(accessToken);
        @SuppressWarnings("unchecked")
        var roles = new ArrayList<>((List<String>) claims.get("roles", List.class));
        return Identity.member(
                UUID.fromString(claims.get("company_id", String.class)),
                UUID.fromString(claims.getSubject()),
                claims.get("email", String.class),
                Set.copyOf(roles));
    }

    /** The outbox rows about one company or key, as {@code event_type → payload}. */
    protected List<JsonNode> outboxEvents(String type, String payloadField, Object value) {
        return jdbc
                .sql("SELECT payload::text FROM outbox_event WHERE event_type = ? AND payload ->> ? = ?")
                .params(type, payloadField, value.toString())
                .query(String.class)
                .list()
                .stream()
                .map(json::readTree)
                .toList();
    }
}
