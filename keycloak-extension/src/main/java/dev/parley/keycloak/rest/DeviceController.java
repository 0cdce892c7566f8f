package dev.parley.keycloak.rest;

import dev.parley.keycloak.device.DeviceManager;
import dev.parley.keycloak.device.DeviceRegistration;
import dev.parley.protocol.error.ParleyError;
import dev.parley.protocol.error.ParleyException;
import dev.parley.protocol.mls.crypto.CipherSuite;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.keycloak.models.KeycloakSession;

/**
 * {@code devices}: the caller's own devices. Paths carry no user id: a caller can only ever reach their
 * own devices.
 */
public class DeviceController {

    private final KeycloakSession session;
    private final Caller caller;
    private final DeviceManager devices;

    DeviceController(KeycloakSession session, Caller caller) {
        this.session = session;
        this.caller = caller;
        this.devices = new DeviceManager(session);
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response list() {
        return Response.ok(devices.list(caller.realm(), caller.user()).stream().map(DeviceResponse::forOwner).toList()).build();
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response register(byte[] body) {
        return ErrorResponses.handle(session, () -> {
            DeviceRegistration registration = decode(Requests.json(body, DeviceRequest.class));
            return Response.status(Response.Status.CREATED)
                    .entity(DeviceResponse.forOwner(devices.register(caller.realm(), caller.user(), registration)))
                    .build();
        });
    }

    @PATCH
    @Path("{deviceId}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response rename(@PathParam("deviceId") String deviceId, byte[] body) {
        return ErrorResponses.handle(session, () -> {
            RenameRequest request = Requests.json(body, RenameRequest.class);
            String label = Requests.text(Requests.required(request.label(), "label"), "label", 255);
            return Response.ok(DeviceResponse.forOwner(devices.rename(caller.realm(), caller.user(), deviceId, label))).build();
        });
    }

    @DELETE
    @Path("{deviceId}")
    public Response revoke(@PathParam("deviceId") String deviceId) {
        return ErrorResponses.handle(session, () -> {
            devices.revoke(caller.realm(), caller.user(), deviceId);
            return Response.noContent().build();
        });
    }

    /** The registration a request body asks for; every malformed field is a {@link ParleyException}. */
    static DeviceRegistration decode(DeviceRequest request) {
        var deviceKey = Requests.base64Url(request.deviceKey(), "device_key", ParleyError.DEVICE_KEY_INVALID);
        if (deviceKey.length() != 32) {
            throw new ParleyException(ParleyError.DEVICE_KEY_INVALID);
        }
        long createdAt = Requests.required(request.createdAt(), "created_at");
        if (createdAt < 0) {
            throw new ParleyException(ParleyError.BAD_REQUEST, "'created_at' must not be negative.");
        }
        int suite = Requests.required(request.cipherSuite(), "cipher_suite");
        if (suite < 0 || suite > 0xffff) {
            throw new ParleyException(ParleyError.CIPHER_SUITE_UNSUPPORTED);
        }
        return new DeviceRegistration(
                Requests.deviceId(request.deviceId()),
                deviceKey,
                new CipherSuite(suite),
                Requests.text(request.platform(), "platform", 64),
                Requests.text(request.label() != null ? request.label() : request.deviceId(), "label", 255),
                createdAt,
                Requests.base64Url(request.certificate(), "certificate", ParleyError.CERTIFICATE_INVALID),
                Requests.base64Url(request.challenge(), "challenge", ParleyError.CHALLENGE_INVALID),
                Requests.base64Url(request.challengeSignature(), "challenge_signature", ParleyError.PROOF_INVALID));
    }
}
