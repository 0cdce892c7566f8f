package dev.parley.gateway.interfaces.rest;

import jakarta.json.bind.JsonbException;
import jakarta.json.bind.serializer.DeserializationContext;
import jakarta.json.bind.serializer.JsonbDeserializer;
import jakarta.json.stream.JsonParser;
import java.lang.reflect.Type;

/**
 * JSON numbers bound to {@code Long} and {@code Integer} fields exactly. JSON-B's own binding reads them with
 * {@link JsonParser#getLong()}, which truncates a fraction ({@code 1.5} becomes 1) and wraps a value beyond the type
 * around ({@code 2^64 + 1} becomes 1: an {@code ack} of a seq never delivered). Here either is refused, as is a
 * string where a number is expected; the refusal reaches the client as {@code malformed_json}.
 */
final class ExactIntegers {

    private ExactIntegers() {
    }

    static final class ExactLong implements JsonbDeserializer<Long> {

        @Override
        public Long deserialize(JsonParser parser, DeserializationContext context, Type type) {
            try {
                return integral(parser).longValueExact();
            } catch (ArithmeticException e) {
                throw new JsonbException("A number is beyond the range of a 64-bit integer.", e);
            }
        }
    }

    static final class ExactInteger implements JsonbDeserializer<Integer> {

        @Override
        public Integer deserialize(JsonParser parser, DeserializationContext context, Type type) {
            try {
                return integral(parser).intValueExact();
            } catch (ArithmeticException e) {
                throw new JsonbException("A number is beyond the range of a 32-bit integer.", e);
            }
        }
    }

    private static java.math.BigDecimal integral(JsonParser parser) {
        try {
            if (parser.isIntegralNumber()) {
                return parser.getBigDecimal();
            }
        } catch (IllegalStateException notANumber) {
            throw new JsonbException("An integer is expected.", notANumber);
        }
        throw new JsonbException("An integer is expected, without a fraction or an exponent.");
    }
}
