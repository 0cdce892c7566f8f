package dev.parley.web.interfaces.http;

import dev.parley.web.infrastructure.config.WebClientConfig;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * {@code GET /parley/app/config.json}: where the web client signs in — the realm's issuer and the public client
 * — so that one bundle serves every deployment. Public (the page reads it before anyone signed in) and never
 * cached ({@link SecurityHeadersFilter}).
 */
@WebServlet(urlPatterns = "/config.json")
public class ClientSettingsServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Inject
    transient WebClientConfig config;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        byte[] json = Json.createObjectBuilder()
                .add("issuer", config.issuer())
                .add("client_id", config.clientId())
                .build().toString().getBytes(StandardCharsets.UTF_8);
        response.setContentType("application/json");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.setContentLength(json.length);
        response.getOutputStream().write(json);
    }
}
