package dev.parley.keycloak.rest;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.parley.protocol.error.ParleyError;
import dev.parley.protocol.error.ParleyException;
import java.util.Arrays;

/**
 * Fuzzes the Authentication Service's request bodies: the first byte picks {@code PUT identity}, {@code POST devices}
 * or {@code PATCH devices/{id}}, the rest is the body's bytes as Keycloak hands them over, read with
 * {@link Requests#json} (strict UTF-8, then Keycloak's Jackson) and decoded field by field as the controller does.
 *
 * <p>Property: the request is decoded, or refused with a {@link ParleyException} of a 4xx code; no other exception
 * (which {@code ErrorResponses} would answer with 500).
 *
 * <p>Inputs: {@code RequestBodiesFuzzTestInputs/read/}: a valid body of each kind and every crash found by fuzzing.
 */
class RequestBodiesFuzzTest {

    @FuzzTest(maxDuration = "10m")
    void read(byte[] data) {
        if (data.length == 0) {
            return;
        }
        byte[] body = Arrays.copyOfRange(data, 1, data.length);
        try {
            switch (Byte.toUnsignedInt(data[0]) % 3) {
                case 0 -> Requests.base64Url(Requests.json(body, IdentityRequest.class).identityKey(), "identity_key",
                        ParleyError.IDENTITY_KEY_INVALID);
                case 1 -> DeviceController.decode(Requests.json(body, DeviceRequest.class));
                default -> Requests.text(Requests.required(Requests.json(body, RenameRequest.class).label(), "label"), "label", 255);
            }
        } catch (ParleyException e) {
            int status = e.error().httpStatus();
            if (status < 400 || status > 499) {
                throw new AssertionError("refused with " + status + " " + e.error().code(), e);
            }
        }
    }
}
