package dev.parley.protocol.mls.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.protocol.mls.TestVectors;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TlsReaderTest {

    @Test
    void decodesEveryVarIntOfDeserializationVectors() {
        List<Map<String, Object>> vectors = TestVectors.load("deserialization.json");
        assertThat(vectors).isNotEmpty();
        for (Map<String, Object> vector : vectors) {
            byte[] header = TestVectors.hex(vector, "vlbytes_header");
            int value = TlsReader.readExactly(header, reader -> reader.readVarInt("length"));
            assertThat(value).as(HexFormat.of().formatHex(header)).isEqualTo(TestVectors.number(vector, "length"));
            assertThat(new TlsWriter().writeVarInt(value).toBytes().toByteArray()).isEqualTo(header);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"4000", "403f", "80000000", "80003fff"})
    void rejectsNonMinimalVarInt(String hex) {
        assertDecodeFails(hex, reader -> reader.readVarInt("length"))
                .hasMessageContaining("not minimally encoded")
                .extracting(e -> ((MlsDecodeException) e).offset()).isEqualTo(0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"c0", "c000000000000001", "ffffffffffffffff"})
    void rejectsVarIntWithReservedPrefix(String hex) {
        assertDecodeFails(hex, reader -> reader.readVarInt("length")).hasMessageContaining("reserved prefix 0b11");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "40", "800000"})
    void rejectsTruncatedVarInt(String hex) {
        assertDecodeFails(hex, reader -> reader.readVarInt("length")).hasMessageContaining("truncated");
    }

    @Test
    void readsUnsignedBigEndianIntegers() {
        TlsReader reader = TlsReader.of(HexFormat.of().parseHex("ff" + "fffe" + "fffffffd" + "fffffffffffffffc"));
        assertThat(reader.readU8("a")).isEqualTo(0xff);
        assertThat(reader.readU16("b")).isEqualTo(0xfffe);
        assertThat(reader.readU32("c")).isEqualTo(0xfffffffdL);
        assertThat(reader.readU64("d")).isEqualTo(-4L);
        reader.expectEnd();
    }

    @Test
    void rejectsTruncatedFixedWidthInteger() {
        assertDecodeFails("000000", reader -> reader.readU32("Remove.removed"))
                .hasMessage("Remove.removed: truncated, needs 4 byte(s) but only 3 remain (at byte offset 0)");
    }

    @Test
    void rejectsVectorLongerThanInputBeforeAllocating() {
        assertDecodeFails("050102", reader -> reader.readOpaque("x"))
                .hasMessage("x: vector length 5 exceeds the 2 remaining byte(s) (at byte offset 0)");
        assertDecodeFails("bfffffff00", reader -> reader.readOpaque("x"))
                .hasMessageContaining("vector length 1073741823 exceeds the 1 remaining byte(s)");
        assertDecodeFails("bfffffff00", reader -> reader.readVector("x", element -> element.readU8("e")))
                .hasMessageContaining("vector length 1073741823 exceeds");
    }

    @Test
    void readsOpaqueAndVector() {
        TlsReader reader = TlsReader.of(HexFormat.of().parseHex("03aabbcc" + "04" + "00010002" + "00"));
        assertThat(reader.readOpaque("o")).isEqualTo(Bytes.fromHex("aabbcc"));
        assertThat(reader.readVector("v", element -> element.readU16("e"))).containsExactly(1, 2);
        assertThat(reader.readVector("empty", element -> element.readU16("e"))).isEmpty();
        reader.expectEnd();
    }

    @Test
    void rejectsElementRunningPastItsVector() {
        // A 3-byte vector of uint16: the second element has one byte inside the vector, one outside.
        assertDecodeFails("03000100" + "02", reader -> reader.readVector("v", element -> element.readU16("e")))
                .hasMessage("e: truncated, needs 2 byte(s) but only 1 remain (at byte offset 3)");
    }

    @Test
    void reportsOffsetsFromTheStartOfTheWholeInput() {
        // Outer vector of opaque<V>: the second inner vector claims 9 bytes but only 1 is in the outer vector.
        assertDecodeFails("aa" + "04" + "01ff" + "09ee", reader -> {
            reader.readU8("prefix");
            return reader.readVector("outer", element -> element.readOpaque("inner"));
        }).extracting(e -> ((MlsDecodeException) e).offset()).isEqualTo(4);
    }

    @Test
    void rejectsTrailingBytes() {
        assertDecodeFails("0102", reader -> reader.readU8("one"))
                .hasMessage("1 trailing byte(s) after the end of the structure (at byte offset 1)");
    }

    @Test
    void readsOptionalStrictly() {
        Optional<Integer> absent = TlsReader.readExactly(HexFormat.of().parseHex("00"),
                reader -> reader.readOptional("o", value -> value.readU8("v")));
        Optional<Integer> present = TlsReader.readExactly(HexFormat.of().parseHex("0107"),
                reader -> reader.readOptional("o", value -> value.readU8("v")));
        assertThat(absent).isEmpty();
        assertThat(present).contains(7);
        assertDecodeFails("0207", reader -> reader.readOptional("o", value -> value.readU8("v")))
                .hasMessageContaining("presence byte must be 0 or 1, got 2");
    }

    @Test
    void rejectsUnknownEnumValue() {
        Color color = TlsReader.readExactly(HexFormat.of().parseHex("0002"),
                reader -> reader.readU16Enum(Color.class, "c"));
        assertThat(color).isEqualTo(Color.GREEN);
        assertDecodeFails("07", reader -> reader.readU8Enum(Color.class, "c"))
                .hasMessage("c: unknown Color value 7 (at byte offset 0)");
    }

    @Test
    void returnsTheBytesReadSinceAPosition() {
        TlsReader reader = TlsReader.of(HexFormat.of().parseHex("0102030405"));
        reader.readU8("skip");
        int start = reader.position();
        reader.readU16("two");
        assertThat(reader.bytesFrom(start)).isEqualTo(Bytes.fromHex("0203"));
        assertThat(reader.remaining()).isEqualTo(2);
    }

    private static AbstractThrowableAssert<?, ? extends Throwable> assertDecodeFails(String hex,
            java.util.function.Function<TlsReader, ?> structure) {
        return assertThatThrownBy(() -> TlsReader.readExactly(HexFormat.of().parseHex(hex), structure))
                .isInstanceOf(MlsDecodeException.class);
    }

    private enum Color implements CodedEnum {
        RED(1),
        GREEN(2);

        private final int code;

        Color(int code) {
            this.code = code;
        }

        @Override
        public int code() {
            return code;
        }
    }
}
