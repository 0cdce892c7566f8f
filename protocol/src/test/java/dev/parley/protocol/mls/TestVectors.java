package dev.parley.protocol.mls;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Loads the RFC 9420 interoperability test vectors from {@code src/test/resources/mls-test-vectors/}. The files use
 * only objects, arrays, strings (hex, no escapes) and integers, so a minimal JSON reader is enough.
 */
public final class TestVectors {

    private final String text;
    private int position;

    private TestVectors(String text) {
        this.text = text;
    }

    /** The file's top-level array, each element an object of strings, numbers and nested objects. */
    @SuppressWarnings("unchecked")
    public static List<Map<String, Object>> load(String fileName) {
        String resource = "/mls-test-vectors/" + fileName;
        try (InputStream in = TestVectors.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + resource);
            }
            TestVectors parser = new TestVectors(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            Object value = parser.readValue();
            parser.skipWhitespace();
            if (parser.position != parser.text.length()) {
                throw new IllegalStateException("trailing content in " + resource);
            }
            return (List<Map<String, Object>>) value;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] hex(Map<String, Object> object, String key) {
        Object value = object.get(key);
        if (!(value instanceof String string)) {
            throw new IllegalArgumentException("no hex string at key " + key);
        }
        return HexFormat.of().parseHex(string);
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> object(Map<String, Object> object, String key) {
        return (Map<String, Object>) object.get(key);
    }

    public static long number(Map<String, Object> object, String key) {
        return (Long) object.get(key);
    }

    private Object readValue() {
        skipWhitespace();
        char c = text.charAt(position);
        if (c == '{') {
            return readObject();
        }
        if (c == '[') {
            return readArray();
        }
        if (c == '"') {
            return readString();
        }
        if (text.startsWith("true", position) || text.startsWith("false", position)) {
            boolean value = c == 't';
            position += value ? 4 : 5;
            return value;
        }
        if (text.startsWith("null", position)) {
            position += 4;
            return null;
        }
        return readNumber();
    }

    private Map<String, Object> readObject() {
        Map<String, Object> object = new LinkedHashMap<>();
        expect('{');
        skipWhitespace();
        if (text.charAt(position) == '}') {
            position++;
            return object;
        }
        do {
            skipWhitespace();
            String key = readString();
            skipWhitespace();
            expect(':');
            object.put(key, readValue());
            skipWhitespace();
        } while (text.charAt(position++) == ',');
        requirePrevious('}');
        return object;
    }

    private List<Object> readArray() {
        List<Object> array = new ArrayList<>();
        expect('[');
        skipWhitespace();
        if (text.charAt(position) == ']') {
            position++;
            return array;
        }
        do {
            array.add(readValue());
            skipWhitespace();
        } while (text.charAt(position++) == ',');
        requirePrevious(']');
        return array;
    }

    private String readString() {
        expect('"');
        int end = text.indexOf('"', position);
        String value = text.substring(position, end);
        if (value.indexOf('\\') >= 0) {
            throw new IllegalStateException("escapes are not supported, at " + position);
        }
        position = end + 1;
        return value;
    }

    private Long readNumber() {
        int start = position;
        while (position < text.length() && (Character.isDigit(text.charAt(position)) || text.charAt(position) == '-')) {
            position++;
        }
        return Long.parseLong(text.substring(start, position));
    }

    private void skipWhitespace() {
        while (position < text.length() && Character.isWhitespace(text.charAt(position))) {
            position++;
        }
    }

    private void expect(char c) {
        if (text.charAt(position) != c) {
            throw new IllegalStateException("expected '" + c + "' at " + position);
        }
        position++;
    }

    private void requirePrevious(char c) {
        if (text.charAt(position - 1) != c) {
            throw new IllegalStateException("expected '" + c + "' at " + (position - 1));
        }
    }
}
