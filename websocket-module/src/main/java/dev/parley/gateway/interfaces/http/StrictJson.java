package dev.parley.gateway.interfaces.http;

import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParserFactory;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The shape of every JSON text the gateway reads, REST bodies and WebSocket frames alike, checked in one streaming
 * pass before any binding sees it: one JSON object, in UTF-8, nested at most {@value #MAX_DEPTH} deep, no key twice in
 * an object, numbers of at most {@value #MAX_NUMBER_CHARS} characters with an exponent of at most three digits, and
 * nothing after the object but whitespace.
 *
 * <p>Why: the bindings behind it (JSON-B, JSON-P) recurse per level, turn numbers into {@code BigDecimal}s that a
 * large exponent makes expensive, keep the last of two equal keys, and stop reading after the first value. Input that
 * passes here cannot exhaust a stack or a CPU, and cannot be read one way by the gateway and another way by a client
 * or a proxy. The protocol's own JSON is nested three levels deep at most.
 */
public final class StrictJson {

    /** Objects and arrays nested deeper than this are refused. */
    public static final int MAX_DEPTH = 32;
    /** Number literals longer than this are refused (int64 needs 20). */
    public static final int MAX_NUMBER_CHARS = 32;
    private static final int MAX_EXPONENT_DIGITS = 3;

    /** Looked up once: {@code Json.createParser} would look the provider up for every call. */
    private static final JsonParserFactory PARSERS = Json.createParserFactory(Map.of());
    private static final Set<String> ARRAY = Set.of();

    private StrictJson() {
    }

    /** What is wrong with {@code utf8} as a JSON body, or empty when it is acceptable. */
    public static Optional<String> problem(byte[] utf8) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(utf8))
                    .toString();
        } catch (CharacterCodingException e) {
            return Optional.of("The body is not UTF-8.");
        }
        return problem(text);
    }

    /** What is wrong with {@code text} as a JSON object, or empty when it is acceptable. */
    public static Optional<String> problem(String text) {
        // One set of keys per open object; ARRAY marks an open array.
        List<Set<String>> open = new ArrayList<>();
        boolean first = true;
        try (JsonParser parser = PARSERS.createParser(new StringReader(text))) {
            while (parser.hasNext()) {
                JsonParser.Event event = parser.next();
                if (first && event != JsonParser.Event.START_OBJECT) {
                    return Optional.of("Expected a JSON object.");
                }
                first = false;
                switch (event) {
                    case START_OBJECT, START_ARRAY -> {
                        if (open.size() == MAX_DEPTH) {
                            return Optional.of("JSON nested deeper than " + MAX_DEPTH + " levels.");
                        }
                        open.add(event == JsonParser.Event.START_OBJECT ? new HashSet<>() : ARRAY);
                    }
                    case END_OBJECT, END_ARRAY -> open.remove(open.size() - 1);
                    case KEY_NAME -> {
                        if (!open.get(open.size() - 1).add(parser.getString())) {
                            return Optional.of("The key \"" + abbreviated(parser.getString()) + "\" appears twice in one object.");
                        }
                    }
                    case VALUE_NUMBER -> {
                        Optional<String> number = numberProblem(parser.getString());
                        if (number.isPresent()) {
                            return number;
                        }
                    }
                    default -> {
                    }
                }
            }
        } catch (JsonException | IllegalStateException | java.util.NoSuchElementException e) {
            // JsonParsingException's message names the position, never internals of the gateway.
            return Optional.of("Not valid JSON: " + e.getMessage());
        }
        if (first) {
            return Optional.of("Expected a JSON object, got nothing.");
        }
        return open.isEmpty() ? Optional.empty() : Optional.of("Not valid JSON: the text ends inside an object or array.");
    }

    private static Optional<String> numberProblem(String literal) {
        if (literal.length() > MAX_NUMBER_CHARS) {
            return Optional.of("A number has more than " + MAX_NUMBER_CHARS + " characters.");
        }
        int exponent = Math.max(literal.indexOf('e'), literal.indexOf('E'));
        if (exponent >= 0) {
            String digits = literal.substring(exponent + 1).replaceFirst("^[+-]", "").replaceFirst("^0+(?=.)", "");
            if (digits.length() > MAX_EXPONENT_DIGITS) {
                return Optional.of("A number's exponent has more than " + MAX_EXPONENT_DIGITS + " digits.");
            }
        }
        return Optional.empty();
    }

    private static String abbreviated(String key) {
        return key.length() <= 64 ? key : key.substring(0, 64) + "…";
    }
}
