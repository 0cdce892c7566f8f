package dev.parley.gateway.interfaces.rest;

import dev.parley.gateway.interfaces.auth.RequestProofVerifier;
import dev.parley.protocol.device.RequestProof;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.ext.Provider;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * In front of every {@link DeviceBound} resource method: a request that names a device in {@code Parley-Device-Id}
 * proves it with the device key ({@link RequestProofVerifier}) before the method runs; one that names none goes on
 * (the method answers {@code device_id_required} where it needs a device). The body is read here, up to
 * {@code parley.request-proof.max-body-bytes}, hashed, and handed on unchanged.
 *
 * <p>The signed target is the request line's path and query as received ({@link HttpServletRequest#getRequestURI()},
 * which is not decoded, and {@link HttpServletRequest#getQueryString()}).
 */
@Provider
@DeviceBound
@Priority(Priorities.AUTHENTICATION)
@ApplicationScoped
public class DeviceBoundRequestFilter implements ContainerRequestFilter {

    @Inject
    RequestProofVerifier verifier;

    @Inject
    @ConfigProperty(name = "parley.request-proof.max-body-bytes", defaultValue = "8388608")
    int maxBodyBytes;

    @Context
    HttpServletRequest servletRequest;

    @Override
    public void filter(ContainerRequestContext request) throws IOException {
        String deviceId = request.getHeaderString(RequestProof.DEVICE_HEADER);
        if (deviceId == null || deviceId.isBlank()) {
            return;
        }
        byte[] body = body(request);
        String query = servletRequest.getQueryString();
        String target = servletRequest.getRequestURI() + (query == null ? "" : "?" + query);
        verifier.verify(
                new RequestProofVerifier.ProofHeaders(deviceId, request.getHeaderString(RequestProof.TIMESTAMP_HEADER),
                        request.getHeaderString(RequestProof.NONCE_HEADER), request.getHeaderString(RequestProof.SIGNATURE_HEADER)),
                new RequestProofVerifier.ReceivedRequest(request.getSecurityContext().getUserPrincipal().getName(),
                        request.getMethod(), target, body));
        request.setEntityStream(new ByteArrayInputStream(body));
    }

    private byte[] body(ContainerRequestContext request) throws IOException {
        JsonBodyFilter.requireWithinLimit(request, maxBodyBytes);
        InputStream in = request.getEntityStream();
        if (in == null) {
            return new byte[0];
        }
        byte[] body = in.readNBytes(maxBodyBytes + 1);
        if (body.length > maxBodyBytes) {
            throw JsonBodyFilter.tooLarge(maxBodyBytes);
        }
        return body;
    }
}
