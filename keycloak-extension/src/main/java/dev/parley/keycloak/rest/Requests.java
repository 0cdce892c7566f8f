package dev.parley.keycloak.rest;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.protocol.device.Base64Url;
import dev.parley.protocol.error.ParleyError;
import dev.parley.protocol.error.ParleyException;
import dev.parley.protocol.mls.tls.Bytes;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;
import org.keycloak.util.JsonSerialization;

/** Reads request bodies and fields, turning every malformed input into a {@link ParleyException}. */
final class Requests {

    private static final Pattern DEVICE_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final int MAX_DEPTH = 32;
    private static final int MAX_NUMBER_DIGITS = 32;
    /** Keycloak's mapper, copied: its own stays as Keycloak configures it. */
    private static final ObjectMapper STRICT_JSON = strictJson();

    private Requests() {
    }

    /**
     * The body as one JSON object of {@code type}, read as strictly as the gateway reads its bodies (docs/protocol.md,
     * "Malformed and oversize input"): UTF-8, nested at most 32 deep, numbers of at most 32 digits and no fractions
     * where an integer is expected, no key twice, nothing after the object. Anything else is {@code malformed_json}.
     */
    static <T> T json(byte[] body, Class<T> type) {
        String text;
        try {
            text = body == null ? "" : StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new ParleyException(ParleyError.MALFORMED_JSON, "The body is not UTF-8.");
        }
        if (text.isBlank()) {
            throw new ParleyException(ParleyError.BAD_REQUEST, "A JSON body is required.");
        }
        try {
            T value = STRICT_JSON.readerFor(type).readValue(text);
            if (value == null) {
                throw new ParleyException(ParleyError.MALFORMED_JSON, "A JSON object is required.");
            }
            return value;
        } catch (IOException e) {
            throw new ParleyException(ParleyError.MALFORMED_JSON, "The body is not the expected JSON object.");
        }
    }

    private static ObjectMapper strictJson() {
        ObjectMapper mapper = JsonSerialization.mapper.copy()
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        mapper.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(MAX_DEPTH).maxNumberLength(MAX_NUMBER_DIGITS).build());
        return mapper;
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
