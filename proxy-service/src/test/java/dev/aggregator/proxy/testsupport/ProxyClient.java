package dev.aggregator.proxy.testsupport;

import dev.aggregator.common.identity.Identity;
import dev.aggregator.common.identity.InternalTokens;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

/** Calls the running proxy over HTTP as the gateway does: with a signed identity. */
public final class ProxyClient {

    private final RestTestClient client;
    private final InternalTokens tokens;

    public ProxyClient(int port, InternalTokens tokens) {
        this.client = RestTestClient.bindToServer()
                .baseUrl("http://localhost:" + port)
                .build();
        this.tokens = tokens;
    }

    /** POSTs a JSON body written with single quotes, as the given caller. */
    public RestTestClient.ResponseSpec post(String path, Identity identity, String singleQuotedJson) {
        return postRaw(path, identity, singleQuotedJson.replace('\'', '"'));
    }

    public RestTestClient.ResponseSpec postRaw(String path, Identity identity, String body) {
        var request = client.post().uri(path).contentType(MediaType.APPLICATION_JSON);
        if (identity != null) request = request.header(InternalTokens.HEADER, tokens.mint(identity));
        return request.body(body).exchange();
    }

    public RestTestClient raw() {
        return client;
    }

    public String token(Identity identity) {
        return tokens.mint(identity);
    }
}
