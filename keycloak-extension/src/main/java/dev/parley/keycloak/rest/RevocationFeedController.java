package dev.parley.keycloak.rest;

import dev.parley.keycloak.device.RevocationEntity;
import dev.parley.keycloak.device.RevocationFeed;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.keycloak.models.KeycloakSession;

/**
 * {@code GET revocations?after=N&limit=M}: the realm's revocation feed, for callers with the
 * {@value Caller#SERVICE_ROLE} realm role (the gateway's service account).
 */
public class RevocationFeedController {

    static final int MAX_LIMIT = 1000;

    private final KeycloakSession session;
    private final Caller caller;

    RevocationFeedController(KeycloakSession session, Caller caller) {
        this.session = session;
        this.caller = caller;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response read(@QueryParam("after") @DefaultValue("0") long after,
            @QueryParam("limit") @DefaultValue("500") int limit) {
        caller.requireServiceRole();
        int pageSize = Math.max(1, Math.min(limit, MAX_LIMIT));
        List<RevocationEntity> page = new RevocationFeed(session).after(caller.realm().getId(), Math.max(0, after), pageSize);
        long lastSeq = page.isEmpty() ? Math.max(0, after) : page.get(page.size() - 1).getSeq();
        return Response.ok(new RevocationPageResponse(page.stream().map(RevocationPageResponse.Entry::of).toList(), lastSeq))
                .build();
    }
}
