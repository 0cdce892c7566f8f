package dev.parley.gateway.interfaces.rest;

import dev.parley.gateway.application.ContactManager;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import java.time.Instant;
import java.util.List;

/**
 * {@code /api/v1/contacts}: the caller's contacts and contact requests. Every operation acts for the
 * signed-in user only.
 */
@Path("/v1/contacts")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class ContactsController {

    /** {@code {"user_id": "..."}}: whom to ask. */
    public record ContactRequestBody(
            @NotNull(message = "user_id is required") @Pattern(regexp = UserIds.PATTERN, message = UserIds.MESSAGE) String userId) {
    }

    /** Where the caller and {@code user_id} stand now: {@code requested} or {@code contact}. */
    public record ContactStateResponse(String userId, String state) {
    }

    /** Another user and since when. */
    public record ContactEntry(String userId, Instant since) {
    }

    public record ContactsResponse(List<ContactEntry> contacts, List<ContactEntry> incoming, List<ContactEntry> outgoing) {
    }

    @Inject
    ContactManager contacts;

    @Context
    SecurityContext security;

    @GET
    public ContactsResponse list() {
        ContactManager.Overview overview = contacts.overview(me());
        return new ContactsResponse(entries(overview.contacts()), entries(overview.incoming()), entries(overview.outgoing()));
    }

    @POST
    @Path("requests")
    @Consumes(MediaType.APPLICATION_JSON)
    public ContactStateResponse request(@NotNull(message = "a JSON body is required") @Valid ContactRequestBody body) {
        return state(body.userId(), contacts.request(me(), body.userId()));
    }

    @POST
    @Path("requests/{userId}/accept")
    public ContactStateResponse accept(@PathParam("userId") @Pattern(regexp = UserIds.PATTERN, message = UserIds.MESSAGE) String requester) {
        return state(requester, contacts.accept(me(), requester));
    }

    @POST
    @Path("requests/{userId}/decline")
    public void decline(@PathParam("userId") @Pattern(regexp = UserIds.PATTERN, message = UserIds.MESSAGE) String requester) {
        contacts.decline(me(), requester);
    }

    @DELETE
    @Path("requests/{userId}")
    public void cancel(@PathParam("userId") @Pattern(regexp = UserIds.PATTERN, message = UserIds.MESSAGE) String addressee) {
        contacts.cancel(me(), addressee);
    }

    @DELETE
    @Path("{userId}")
    public void remove(@PathParam("userId") @Pattern(regexp = UserIds.PATTERN, message = UserIds.MESSAGE) String contact) {
        contacts.remove(me(), contact);
    }

    private String me() {
        return security.getUserPrincipal().getName();
    }

    static List<ContactEntry> entries(List<ContactManager.Entry> entries) {
        return entries.stream().map(e -> new ContactEntry(e.userId(), e.since())).toList();
    }

    private static ContactStateResponse state(String userId, ContactManager.State state) {
        return new ContactStateResponse(userId, state.name().toLowerCase(java.util.Locale.ROOT));
    }
}
