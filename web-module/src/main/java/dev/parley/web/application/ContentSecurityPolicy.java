package dev.parley.web.application;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The web client's Content-Security-Policy. Scripts, styles, images, fonts and workers come only from the app's
 * own origin and never inline; the page talks ({@code connect-src}) only to its own origin (the gateway, which
 * serves the app) and to the realm's origin (discovery, token and end-session endpoints), plus what an operator
 * adds; it cannot be framed, submits no forms and creates no Trusted Types policy (no HTML from strings).
 */
public final class ContentSecurityPolicy {

    /** One CSP source expression an operator may add: no separators, quotes or white space inside. */
    private static final Pattern SOURCE = Pattern.compile("[A-Za-z0-9*][A-Za-z0-9+.:/*\\-\\[\\]]*");

    private final String value;

    private ContentSecurityPolicy(String value) {
        this.value = value;
    }

    /**
     * The policy for a realm at {@code issuer} (its origin is allowed to be connected to) and the extra
     * {@code connect-src} sources an operator configured (white-space separated, may be blank).
     *
     * @throws IllegalArgumentException when the issuer is not an absolute http(s) URL or a source is not a
     *         single CSP source expression
     */
    public static ContentSecurityPolicy of(String issuer, String extraConnectSources) {
        List<String> connect = new ArrayList<>(List.of("'self'", realmOrigin(issuer)));
        for (String source : extraConnectSources == null ? new String[0] : extraConnectSources.trim().split("\\s+")) {
            if (source.isEmpty()) {
                continue;
            }
            if (!SOURCE.matcher(source).matches()) {
                throw new IllegalArgumentException("Not a single Content-Security-Policy source: '" + source + "'");
            }
            if (!connect.contains(source)) {
                connect.add(source);
            }
        }
        return new ContentSecurityPolicy(String.join("; ",
                "default-src 'none'",
                "script-src 'self'",
                "style-src 'self'",
                "img-src 'self'",
                "font-src 'self'",
                "manifest-src 'self'",
                "worker-src 'self'",
                "connect-src " + String.join(" ", connect),
                "frame-ancestors 'none'",
                "base-uri 'none'",
                "form-action 'none'",
                "require-trusted-types-for 'script'",
                "trusted-types 'none'"));
    }

    /**
     * The origin ({@code scheme://host[:port]}, lower case, default port left out) of the realm's issuer.
     *
     * @throws IllegalArgumentException when the issuer is not an absolute http(s) URL with a host
     */
    public static String realmOrigin(String issuer) {
        URI uri;
        try {
            uri = URI.create(issuer == null ? "" : issuer.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("The realm's issuer is not a URL: '" + issuer + "'", e);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
            throw new IllegalArgumentException("The realm's issuer is not an absolute http(s) URL: '" + issuer + "'");
        }
        boolean defaultPort = uri.getPort() < 0 || scheme.equals("http") && uri.getPort() == 80
                || scheme.equals("https") && uri.getPort() == 443;
        return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + uri.getPort());
    }

    /** The header's value. */
    public String value() {
        return value;
    }

    @Override
    public String toString() {
        return value;
    }
}
