package dev.aggregator.console.keys;

import static dev.aggregator.console.support.ConsoleSliceTest.answer;
import static dev.aggregator.console.support.ConsoleSliceTest.buildUris;
import static dev.aggregator.console.support.ConsoleSliceTest.refuse;
import static dev.aggregator.console.support.ConsoleSliceTest.signedIn;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
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

@WebMvcTest(KeysController.class)
@ConsoleSliceTest.Slice
class KeysControllerTests {

    @Autowired
    MockMvc mvc;

    @MockitoBean
    GatewayApi api;

    @BeforeEach
    void keys() {
        buildUris(api);
        answer(
                api,
                HttpMethod.GET,
                "/v1/auth/api-keys",
                Map.of(
                        "data",
                        List.of(Map.of(
                                "id",
                                "k1",
                                "name",
                                "laptop",
                                "prefix",
                                "sk-agg-ab",
                                "scopes",
                                List.of("chat"),
                                "created_at",
                                "2026-12-01T00:00:00Z"))));
    }

    @Test
    void anOwnerSeesTheCreateAndRevokeButtons() throws Exception {
        mvc.perform(get("/keys").session(signedIn("OWNER")))
                .andExpect(status().isOk())
                .andExpect(content().string(Matchers.containsString("id=\"create-key\"")))
                .andExpect(content().string(Matchers.containsString("Revoke")));
    }

    @Test
    void aMemberSeesTheKeysButNoCreateOrRevokeButton() throws Exception {
        mvc.perform(get("/keys").session(signedIn("MEMBER")))
                .andExpect(status().isOk())
                .andExpect(content().string(Matchers.containsString("laptop")))
                .andExpect(content().string(Matchers.not(Matchers.containsString("id=\"create-key\""))))
                .andExpect(content().string(Matchers.not(Matchers.containsString("Revoke"))));
    }

    @Test
    void theNewKeyIsShownOnceWithACopyButton() throws Exception {
        answer(
                api,
                HttpMethod.POST,
                "/v1/auth/api-keys",
                Map.of(
                        "id",
                        "k2",
                        "name",
                        "ci",
                        "key",
                        "sk-agg-secret-value",
                        "prefix",
                        "sk-agg-se",
                        "scopes",
                        List.of("chat")));

        mvc.perform(post("/keys").with(csrf()).session(signedIn("OWNER")).param("name", "ci"))
                .andExpect(status().isOk())
                .andExpect(content().string(Matchers.containsString("sk-agg-secret-value")))
                .andExpect(content().string(Matchers.containsString("data-copy=\"new-key\"")));
        mvc.perform(get("/keys").session(signedIn("OWNER")))
                .andExpect(content().string(Matchers.not(Matchers.containsString("sk-agg-secret-value"))));
    }

    @Test
    void theApisRefusalIsShownWhenAMemberForgesACreate() throws Exception {
        refuse(api, HttpMethod.POST, "/v1/auth/api-keys", 403, "Only an OWNER or ADMIN may manage API keys.");

        mvc.perform(post("/keys").with(csrf()).session(signedIn("MEMBER")).param("name", "forged"))
                .andExpect(redirectedUrl("/keys"))
                .andExpect(flash().attribute("error", "Only an OWNER or ADMIN may manage API keys."));
    }

    @Test
    void anEndedLoginLeadsBackToSignIn() throws Exception {
        refuse(api, HttpMethod.GET, "/v1/auth/api-keys", 401, "Unauthenticated");
        refuse(api, HttpMethod.POST, "/v1/auth/refresh", 401, "Refresh token reused");

        mvc.perform(get("/keys").session(signedIn("OWNER"))).andExpect(redirectedUrl("/signin?expired"));
    }
}
