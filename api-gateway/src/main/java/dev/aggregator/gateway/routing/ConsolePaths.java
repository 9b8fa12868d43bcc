package dev.aggregator.gateway.routing;

import java.util.List;

/**
 * The web console's pages and assets, served by the console (port 3006) at the gateway's own
 * address. They are listed one by one, so that the console never shadows {@code /v1/**}, {@code
 * /v3/api-docs}, Swagger UI, {@code /health} or {@code /internal/**}. The console signs people in
 * itself and calls {@code /v1} as them, so these paths pass the gateway without credentials.
 */
public final class ConsolePaths {

    /** Pages reached as exactly this path or below it. */
    private static final List<String> SECTIONS = List.of(
            "/signin",
            "/signup",
            "/signout",
            "/forgot-password",
            "/reset-password",
            "/accept-invitation",
            "/dashboard",
            "/keys",
            "/playground",
            "/usage",
            "/billing",
            "/team",
            "/preferences",
            "/audit",
            "/admin",
            "/assets");

    private ConsolePaths() {}

    /** Path patterns for the gateway's console route. */
    public static List<String> patterns() {
        var patterns = new java.util.ArrayList<String>();
        patterns.add("/");
        patterns.add("/favicon.ico");
        for (var section : SECTIONS) {
            patterns.add(section);
            patterns.add(section + "/**");
        }
        return patterns;
    }

    /** Whether a request path is the console's. */
    public static boolean matches(String path) {
        if (path.equals("/") || path.equals("/favicon.ico")) return true;
        for (var section : SECTIONS) {
            if (path.equals(section) || path.startsWith(section + "/")) return true;
        }
        return false;
    }
}
