package dev.parley.gateway.interfaces.auth;

import dev.parley.gateway.interfaces.http.JsonErrorWriter;
import dev.parley.protocol.error.ErrorResponse;
import dev.parley.protocol.error.ParleyError;
import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.security.Principal;
import org.jboss.logging.Logger;

/**
 * The only way into the gateway's API: a request without a valid access token ends here with 401, a JSON
 * error body naming the reason and an RFC 6750 {@code WWW-Authenticate} challenge. A request with one
 * continues with the {@link AuthenticatedUser} as its principal.
 *
 * <p>Refused tokens are routine (expiry happens every few minutes per client): they are logged at debug
 * level in one line, never with a stack trace.
 */
public class BearerTokenFilter extends HttpFilter {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = Logger.getLogger(BearerTokenFilter.class);
    private static final String BEARER_PREFIX = "Bearer ";
    private static final long AUTH_RETRY_AFTER_SECONDS = 5;
    private static final String TICKET_PARAMETER = "ticket";
    /** Where a connect ticket may stand in for the access token (see {@link ConnectTicketStore}). */
    private static final java.util.Set<String> REALTIME_DOORS = java.util.Set.of("/ws", "/api/v1/events");

    @Inject
    AccessTokenVerifier verifier;

    @Inject
    ConnectTicketStore tickets;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        AuthenticatedUser user;
        try {
            user = authenticate(request);
        } catch (TokenRejectedException e) {
            LOG.debugf("Refused %s %s: %s", request.getMethod(), request.getRequestURI(), e.error().code());
            challenge(response, e.error());
            return;
        }
        chain.doFilter(new AuthenticatedRequest(request, user), response);
    }

    /**
     * The access token in the {@code Authorization} header; without one, a connect ticket in the address of
     * a realtime door (a GET of {@code /ws}) stands in for it.
     */
    private AuthenticatedUser authenticate(HttpServletRequest request) throws TokenRejectedException {
        String token = bearerToken(request);
        String ticket = request.getParameter(TICKET_PARAMETER);
        if (token != null || ticket == null || !isRealtimeDoor(request)) {
            return verifier.verify(token);
        }
        return tickets.redeem(ticket).orElseThrow(() -> new TokenRejectedException(ParleyError.TICKET_INVALID));
    }

    private static boolean isRealtimeDoor(HttpServletRequest request) {
        return "GET".equals(request.getMethod()) && REALTIME_DOORS.contains(request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo()));
    }

    private static String bearerToken(HttpServletRequest request) {
        String header = request.getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, BEARER_PREFIX, 0, BEARER_PREFIX.length())) {
            return null;
        }
        return header.substring(BEARER_PREFIX.length()).trim();
    }

    private static void challenge(HttpServletResponse response, ParleyError error) throws IOException {
        ErrorResponse body = ErrorResponse.of(error);
        if (error == ParleyError.AUTH_UNAVAILABLE) {
            response.setHeader("Retry-After", Long.toString(AUTH_RETRY_AFTER_SECONDS));
            body = new ErrorResponse(error.code(), error.hint(), AUTH_RETRY_AFTER_SECONDS);
        } else {
            response.setHeader("WWW-Authenticate", error == ParleyError.TOKEN_MISSING
                    ? "Bearer"
                    : "Bearer error=\"invalid_token\", error_description=\"" + error.code() + "\"");
        }
        JsonErrorWriter.write(response, error.httpStatus(), body);
    }

    private static final class AuthenticatedRequest extends HttpServletRequestWrapper {

        private final AuthenticatedUser user;

        AuthenticatedRequest(HttpServletRequest request, AuthenticatedUser user) {
            super(request);
            this.user = user;
        }

        @Override
        public Principal getUserPrincipal() {
            return user;
        }

        @Override
        public String getRemoteUser() {
            return user.userId();
        }

        @Override
        public String getAuthType() {
            return "BEARER";
        }
    }
}
