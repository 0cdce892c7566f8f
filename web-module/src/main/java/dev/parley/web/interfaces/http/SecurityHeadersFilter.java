package dev.parley.web.interfaces.http;

import dev.parley.web.application.CachePolicy;
import dev.parley.web.application.ContentSecurityPolicy;
import dev.parley.web.infrastructure.config.WebClientConfig;
import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.MalformedURLException;

/**
 * Puts the security and cache headers on every response of the web client, before the file is served: the
 * {@link ContentSecurityPolicy}, no MIME sniffing, no referrer, no framing, and the {@link CachePolicy}.
 * The policy is built once; a realm issuer that is not a URL stops the app from deploying.
 */
@WebFilter(urlPatterns = "/*", asyncSupported = true)
public class SecurityHeadersFilter extends HttpFilter {

    private static final long serialVersionUID = 1L;

    @Inject
    transient WebClientConfig config;

    private String contentSecurityPolicy;

    @Override
    public void init() throws ServletException {
        try {
            contentSecurityPolicy = ContentSecurityPolicy.of(config.issuer(), config.extraConnectSources()).value();
        } catch (IllegalArgumentException e) {
            throw new ServletException("Cannot serve the web client: " + e.getMessage()
                    + " (check parley.oidc.issuer and parley.web.connect-src)", e);
        }
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        response.setHeader("Content-Security-Policy", contentSecurityPolicy);
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Referrer-Policy", "no-referrer");
        response.setHeader("X-Frame-Options", "DENY");
        response.setHeader("Cross-Origin-Opener-Policy", "same-origin");
        response.setHeader("Cross-Origin-Resource-Policy", "same-origin");
        response.setHeader("Cache-Control", CachePolicy.forPath(path, exists(path)));
        chain.doFilter(request, response);
    }

    private boolean exists(String path) {
        try {
            return !path.isEmpty() && getServletContext().getResource(path) != null;
        } catch (MalformedURLException e) {
            return false;
        }
    }
}
