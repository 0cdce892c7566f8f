package dev.parley.gateway.interfaces.sse;

import dev.parley.gateway.domain.model.device.DeviceAddress;
import dev.parley.gateway.interfaces.auth.AuthenticatedUser;
import dev.parley.gateway.interfaces.auth.DeviceProofVerifier;
import dev.parley.gateway.interfaces.auth.RealtimeNonceStore;
import dev.parley.gateway.interfaces.websocket.ConnectionRegistry;
import dev.parley.gateway.interfaces.websocket.Frames;
import dev.parley.gateway.interfaces.websocket.MessageDelivery;
import dev.parley.gateway.interfaces.websocket.TransportConfig;
import dev.parley.protocol.ProtocolVersion;
import dev.parley.protocol.device.Base64Url;
import dev.parley.protocol.error.ParleyError;
import dev.parley.protocol.error.ParleyException;
import dev.parley.protocol.ws.CloseCode;
import dev.parley.protocol.mls.tls.Bytes;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * {@code GET /api/v1/events}: the SSE door, for clients without a WebSocket. The request carries the access token (or
 * a connect ticket, {@code ?ticket=}), names the device ({@code Parley-Device-Id} or {@code device_id}) and proves it:
 * a nonce from {@code POST /api/v1/realtime/nonces} ({@code Parley-Nonce} or {@code nonce}) and the device's signature
 * of {@code ConnectProofTBS} over it ({@code Parley-Signature} or {@code signature}). The stream then carries the
 * WebSocket's frames as events: {@code connected}, the catch-up, {@code caught_up}, live {@code message}s, presence
 * pushes; {@code Last-Event-ID} ({@code <conversation_id>:<seq>}) resumes that conversation after that entry. The
 * stream is the device's live connection: it displaces the device's WebSocket or earlier stream, and is displaced
 * by a newer one. It ends when the access token it was opened with expires ({@code closed} with code 4440); the client
 * reconnects with a fresh token and {@code Last-Event-ID}. Sends and acks go over REST.
 */
@Path("/v1/events")
@RequestScoped
public class EventsController {

    @Inject
    RealtimeNonceStore nonces;

    @Inject
    DeviceProofVerifier proofs;

    @Inject
    ConnectionRegistry registry;

    @Inject
    MessageDelivery delivery;

    @Inject
    TransportConfig config;

    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public void events(@Context SseEventSink sink, @Context Sse sse, @Context SecurityContext security,
            @HeaderParam("Parley-Device-Id") String deviceHeader, @QueryParam("device_id") String deviceParam,
            @HeaderParam("Parley-Nonce") String nonceHeader, @QueryParam("nonce") String nonceParam,
            @HeaderParam("Parley-Signature") String signatureHeader, @QueryParam("signature") String signatureParam,
            @HeaderParam("Last-Event-ID") String lastEventId) {
        AuthenticatedUser user = (AuthenticatedUser) security.getUserPrincipal();
        String deviceId = either(deviceHeader, deviceParam);
        if (deviceId == null) {
            throw new ParleyException(ParleyError.DEVICE_ID_REQUIRED);
        }
        String nonce = either(nonceHeader, nonceParam);
        AuthenticatedUser issuedTo = nonces.redeem(nonce).orElseThrow(() -> new ParleyException(ParleyError.REALTIME_NONCE_INVALID));
        if (!issuedTo.userId().equals(user.userId())) {
            throw new ParleyException(ParleyError.REALTIME_NONCE_INVALID);
        }
        Bytes signature = decode(either(signatureHeader, signatureParam), ParleyError.DEVICE_PROOF_INVALID);
        ParleyError refusal = proofs.refusal(user.userId(), deviceId, decode(nonce, ParleyError.REALTIME_NONCE_INVALID), signature)
                .orElse(null);
        if (refusal != null) {
            throw new ParleyException(refusal);
        }
        Map<String, Long> resume = resumePoint(lastEventId);
        registry.requireRoomFor(new DeviceAddress(user.userId(), deviceId));
        SseConnection connection = new SseConnection(sink, sse, new DeviceAddress(user.userId(), deviceId),
                user.tokenExpiresAt(), config.outboundQueueFrames(), closed -> {
                    registry.closed(closed);
                    delivery.detach(closed);
                });
        // `connected` is queued before the connection is registered: nothing (a ping, a push) can come before it.
        connection.send(new Frames.Connected("connected", null, UUID.randomUUID().toString(), user.userId(), deviceId,
                ProtocolVersion.CURRENT, List.of()));
        try {
            registry.proven(connection);
        } catch (ParleyException tooMany) {
            // another connect of this user won the last place since requireRoomFor: end the stream with the reason
            connection.close(CloseCode.TOO_MANY_CONNECTIONS, tooMany.getMessage());
            return;
        }
        delivery.attach(connection, resume);
    }

    /** {@code <conversation_id>:<seq>} of the last event received, as the conversation to resume after that seq. */
    private static Map<String, Long> resumePoint(String lastEventId) {
        if (lastEventId == null || lastEventId.isBlank()) {
            return Map.of();
        }
        int colon = lastEventId.lastIndexOf(':');
        try {
            return Map.of(lastEventId.substring(0, colon), Long.parseLong(lastEventId.substring(colon + 1)));
        } catch (RuntimeException e) {
            throw new ParleyException(ParleyError.BAD_REQUEST, "Last-Event-ID: must be <conversation_id>:<seq> as sent.");
        }
    }

    private static String either(String header, String parameter) {
        return header != null && !header.isBlank() ? header : parameter;
    }

    private static Bytes decode(String base64url, ParleyError error) {
        try {
            if (base64url == null) {
                throw new IllegalArgumentException();
            }
            return Base64Url.decode(base64url);
        } catch (IllegalArgumentException e) {
            throw new ParleyException(error);
        }
    }
}
