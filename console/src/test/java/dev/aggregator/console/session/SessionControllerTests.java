package dev.aggregator.console.session;

import static dev.aggregator.console.support.ConsoleSliceTest.answer;
import static dev.aggregator.console.support.ConsoleSliceTest.buildUris;
import static dev.aggregator.console.support.ConsoleSliceTest.refuse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.aggregator.console.api.GatewayApi;
import dev.aggregator.console.support.ConsoleSliceTest;
import java.util.List;
import java.util.Map;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.http.HttpMethod;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

@WebMvcTest(SessionController.class)
@ConsoleSliceTest.Slice
class SessionControllerTests {

    @Autowired
    MockMvc mvc;

    @MockitoBean
    GatewayApi api;

    @BeforeEach
    void uris() {
        buildUris(api);
    }

    @Test
    void theSignInPageCarriesACsrfTokenAndAStrictContentSecurityPolicy() throws Exception {
        mvc.perform(get("/signin"))
                .andExpect(status().isOk())
                .andExpect(content().string(Matchers.containsString("name=\"_csrf\"")))
                .andExpect(header().string("Content-Security-Policy", Matchers.containsString("script-src 'self'")))
                .andExpect(header().string("X-Frame-Options", "DENY"));
    }

    @Test
    void aPostWithoutTheCsrfTokenIsRefused() throws Exception {
        mvc.perform(post("/signin").param("email", "a@b.test").param("password", "x"))
                .andExpect(status().isForbidden());
    }

    @Test
    void signingInKeepsTheTokensInTheSessionOnlyAndOpensTheDashboard() throws Exception {
        answerLogin("u1", "owner@acme.test", "OWNER");

        var result = mvc.perform(post("/signin")
                        .with(csrf())
                        .param("email", "owner@acme.test")
                        .param("password", "pw"))
                .andExpect(redirectedUrl("/dashboard"))
                .andReturn();

        var signedIn = Sessions.current(result.getRequest().getSession(false));
        assertThat(signedIn.accessToken()).isEqualTo("jwt-access");
        assertThat(signedIn.roles()).containsExactly("OWNER");
        assertThat(result.getResponse().getHeaders("Set-Cookie")).noneMatch(cookie -> cookie.contains("jwt-"));
        assertThat(result.getResponse().getContentAsString()).doesNotContain("jwt-");
    }

    @Test
    void aWrongPasswordShowsTheErrorOnTheSignInPage() throws Exception {
        refuse(api, HttpMethod.POST, "/v1/auth/login", 401, "Invalid credentials");

        mvc.perform(post("/signin")
                        .with(csrf())
                        .param("email", "owner@acme.test")
                        .param("password", "nope"))
                .andExpect(status().isOk())
                .andExpect(content().string(Matchers.containsString("Wrong e-mail or password.")));
    }

    @Test
    void signUpShowsTheApisValidationMessages() throws Exception {
        when400OnRegister();

        mvc.perform(post("/signup")
                        .with(csrf())
                        .param("name", "Acme")
                        .param("email", "bad")
                        .param("password", "short"))
                .andExpect(status().isOk())
                .andExpect(content().string(Matchers.containsString("email: must be a well-formed email address")));
    }

    @Test
    void anAcceptedInvitationSignsTheNewMemberInAndWelcomesThem() throws Exception {
        answer(
                api,
                HttpMethod.POST,
                "/v1/auth/invitations/accept",
                Map.of("user_id", "u2", "company_id", "c1", "email", "member@acme.test", "roles", List.of("MEMBER")));
        answerLogin("u2", "member@acme.test", "MEMBER");

        var result = mvc.perform(post("/accept-invitation")
                        .with(csrf())
                        .param("token", "invite-token")
                        .param("password", "a long enough password"))
                .andExpect(redirectedUrl("/dashboard?welcome"))
                .andReturn();

        assertThat(Sessions.current(result.getRequest().getSession(false)).email())
                .isEqualTo("member@acme.test");
    }

    @Test
    void aRefusedMailedTokenShowsTheApisMessageAndKeepsTheTokenOnThePage() throws Exception {
        refuse(api, HttpMethod.POST, "/v1/auth/password-reset/confirm", 400, "This link has expired.");
        refuse(api, HttpMethod.POST, "/v1/auth/invitations/accept", 400, "This invitation is no longer valid.");

        mvc.perform(post("/reset-password")
                        .with(csrf())
                        .param("token", "reset-token")
                        .param("new_password", "a long enough password"))
                .andExpect(status().isOk())
                .andExpect(content().string(Matchers.containsString("This link has expired.")))
                .andExpect(content().string(Matchers.containsString("value=\"reset-token\"")));
        mvc.perform(post("/accept-invitation")
                        .with(csrf())
                        .param("token", "invite-token")
                        .param("password", "a long enough password"))
                .andExpect(status().isOk())
                .andExpect(content().string(Matchers.containsString("This invitation is no longer valid.")))
                .andExpect(content().string(Matchers.containsString("value=\"invite-token\"")));
    }

    @Test
    void aConfirmedResetLeadsToSignInWithANotice() throws Exception {
        answer(api, HttpMethod.POST, "/v1/auth/password-reset/confirm", Map.of());

        mvc.perform(post("/reset-password")
                        .with(csrf())
                        .param("token", "reset-token")
                        .param("new_password", "a long enough password"))
                .andExpect(redirectedUrl("/signin"))
                .andExpect(flash().attribute("notice", Matchers.containsString("password was changed")));
    }

    @Test
    void aPageThatNeedsASignedInPersonLeadsToSignIn() throws Exception {
        mvc.perform(get("/")).andExpect(redirectedUrl("/signin"));
    }

    /** The API logs this person in (tokens "jwt-access" and "jwt-refresh") and says who it is. */
    private void answerLogin(String userId, String email, String role) {
        answer(
                api,
                HttpMethod.POST,
                "/v1/auth/login",
                Map.of("access_token", "jwt-access", "refresh_token", "jwt-refresh", "expires_in", 900));
        answer(
                api,
                HttpMethod.GET,
                "/v1/auth/me",
                Map.of("company_id", "c1", "user_id", userId, "email", email, "roles", List.of(role)));
    }

    private void when400OnRegister() {
        org.mockito.Mockito.when(api.call(
                        org.mockito.ArgumentMatchers.eq(HttpMethod.POST),
                        org.mockito.ArgumentMatchers.argThat((java.net.URI uri) ->
                                uri != null && uri.getPath().equals("/v1/auth/register")),
                        org.mockito.ArgumentMatchers.any(),
                        org.mockito.ArgumentMatchers.any()))
                .thenThrow(new dev.aggregator.console.api.ApiCallFailed(
                        400, "Invalid request", List.of("email: must be a well-formed email address")));
    }
}
