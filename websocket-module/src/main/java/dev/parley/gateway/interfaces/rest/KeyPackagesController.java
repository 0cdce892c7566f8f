package dev.parley.gateway.interfaces.rest;

import dev.parley.gateway.application.KeyPackageManager;
import dev.parley.protocol.device.RequestProof;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import java.util.List;

/**
 * {@code /api/v1/key-packages}: the KeyPackage directory. Upload and count act for the calling device, named by
 * the {@code Parley-Device-Id} header, which must be a registered, unrevoked device of the token's user, proven by
 * the request's signature ({@link DeviceBound}). Claims hand out one KeyPackage per device of another user;
 * one-time KeyPackages are handed out exactly once (see {@link KeyPackageManager}).
 */
@Path("/v1/key-packages")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class KeyPackagesController {

    /** The header naming the calling device; the request proves it ({@link DeviceBound}). */
    public static final String DEVICE_HEADER = RequestProof.DEVICE_HEADER;

    /**
     * {@code {"key_packages": [base64url MLSMessage(KeyPackage), ...], "last_resort": base64url?}}; at most
     * {@value KeyPackageManager#MAX_BATCH} (more get {@code batch_too_large}).
     */
    public record UploadRequest(
            @NotNull(message = "key_packages is required") List<@NotNull(message = "key_packages must not contain null") String> keyPackages,
            String lastResort) {
    }

    /** The refs (base64url) of the uploaded one-time KeyPackages, in upload order. */
    public record UploadResponse(List<String> refs, long oneTime, boolean lastResort) {
    }

    public record CountResponse(long oneTime, boolean lastResort) {
    }

    /** {@code {"user_id": "...", "device_ids": [...]?}}: whose devices; all unrevoked ones when device_ids is absent. */
    public record ClaimRequest(
            @NotNull(message = "user_id is required") @Pattern(regexp = UserIds.PATTERN, message = UserIds.MESSAGE) String userId,
            @Size(max = 100, message = "device_ids may name at most 100 devices") List<@NotNull(message = "device_ids must not contain null") String> deviceIds) {
    }

    /** One device's KeyPackage: the MLSMessage as uploaded, its KeyPackageRef, and whether it is the last-resort one. */
    public record ClaimedKeyPackage(String deviceId, String keyPackage, String ref, boolean lastResort) {
    }

    public record ClaimResponse(String userId, List<ClaimedKeyPackage> keyPackages) {
    }

    @Inject
    KeyPackageManager keyPackages;

    @Context
    SecurityContext security;

    @DeviceBound
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public UploadResponse upload(@HeaderParam(DEVICE_HEADER) String deviceId,
            @NotNull(message = "a JSON body is required") @Valid UploadRequest body) {
        List<String> refs = keyPackages.upload(me(), deviceId, body.keyPackages(), body.lastResort());
        KeyPackageManager.Count count = keyPackages.count(me(), deviceId);
        return new UploadResponse(refs, count.oneTime(), count.lastResort());
    }

    @DeviceBound
    @GET
    @Path("count")
    public CountResponse count(@HeaderParam(DEVICE_HEADER) String deviceId) {
        KeyPackageManager.Count count = keyPackages.count(me(), deviceId);
        return new CountResponse(count.oneTime(), count.lastResort());
    }

    @DeviceBound
    @POST
    @Path("claim")
    @Consumes(MediaType.APPLICATION_JSON)
    public ClaimResponse claim(@HeaderParam(DEVICE_HEADER) String deviceId,
            @NotNull(message = "a JSON body is required") @Valid ClaimRequest body) {
        List<ClaimedKeyPackage> claimed = keyPackages.claim(me(), deviceId, body.userId(), body.deviceIds()).stream()
                .map(c -> new ClaimedKeyPackage(c.deviceId(), c.keyPackage(), c.ref(), c.lastResort()))
                .toList();
        return new ClaimResponse(body.userId(), claimed);
    }

    private String me() {
        return security.getUserPrincipal().getName();
    }
}
