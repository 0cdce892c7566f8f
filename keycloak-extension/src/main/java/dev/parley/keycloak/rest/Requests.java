package dev.parley.keycloak.rest;

import dev.parley.protocol.device.Base64Url;
import dev.parley.protocol.error.ParleyError;
import dev.parley.protocol.error.ParleyException;
import dev.parley.protocol.mls.tls.Bytes;
import java.io.IOException;
import java.util.regex.Pattern;
import org.keycloak.util.JsonSerialization;

/** Reads request bodies and fields, turning every malformed input into a {@link ParleyException}. */
final class Requests {

    private static final Pattern DEVICE_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private Requests() {
    }

    static <T> T json(String body, Class<T> type) {
        if (body == null || body.isBlank()) {
            throw new ParleyException(ParleyError.BAD_REQUEST, "A JSON body is required.");
        }
        try {
            T value = JsonSerialization.readValue(body, type);
            if (value == null) {
                throw new ParleyException(ParleyError.BAD_REQUEST, "A JSON object is required.");
            }
            return value;
        } catch (IOException e) {
            throw new ParleyException(ParleyError.BAD_REQUEST, "The body is not the expected JSON object.");
        }
    }

    static String required(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new ParleyException(ParleyError.BAD_REQUEST, "'" + field + "' is required.");
        }
        return value;
    }

    static <T> T required(T value, String field) {
        if (value == null) {
            throw new ParleyException(ParleyError.BAD_REQUEST, "'" + field + "' is required.");
        }
        return value;
    }

    static Bytes base64Url(String value, String field, ParleyError whenMalformed) {
        try {
            return Base64Url.decode(required(value, field));
        } catch (IllegalArgumentException e) {
            throw new ParleyException(whenMalformed, "'" + field + "' is not base64url.");
        }
    }

    static String deviceId(String value) {
        if (!DEVICE_ID.matcher(required(value, "device_id")).matches()) {
            throw new ParleyException(ParleyError.BAD_REQUEST,
                    "'device_id' must be 1 to 64 characters of A-Z, a-z, 0-9, '.', '_' or '-'.");
        }
        return value;
    }

    static String text(String value, String field, int maxLength) {
        if (value != null && value.length() > maxLength) {
            throw new ParleyException(ParleyError.BAD_REQUEST, "'" + field + "' is longer than " + maxLength + " characters.");
        }
        return value;
    }
}
