package dev.parley.protocol.mls.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TlsWriterTest {

    @ParameterizedTest
    @CsvSource({"0, 00", "63, 3f", "64, 4040", "16383, 7fff", "16384, 80004000", "1073741823, bfffffff"})
    void writesShortestVarIntThatReadsBack(int value, String hex) {
        Bytes encoded = new TlsWriter().writeVarInt(value).toBytes();
        assertThat(encoded.hex()).isEqualTo(hex);
        assertThat(VarInt.encodedLength(value)).isEqualTo(encoded.length());
        int decoded = TlsReader.readExactly(encoded.toByteArray(), reader -> reader.readVarInt("v"));
        assertThat(decoded).isEqualTo(value);
    }

    @Test
    void rejectsValuesOutOfRange() {
        assertThatThrownBy(() -> new TlsWriter().writeVarInt(VarInt.MAX_VALUE + 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TlsWriter().writeVarInt(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TlsWriter().writeU8(256)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TlsWriter().writeU16(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TlsWriter().writeU32(1L << 32)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void writesIntegersVectorsAndLabels() {
        Bytes written = new TlsWriter()
                .writeU8(1).writeU16(2).writeU32(3).writeU64(-1L)
                .writeOpaque(Bytes.fromHex("aabb"))
                .writeOpaque("MLS")
                .writeVector(inner -> inner.writeU16(7).writeU16(8))
                .writeRaw(Bytes.fromHex("ff"))
                .toBytes();
        assertThat(written.hex()).isEqualTo("01" + "0002" + "00000003" + "ffffffffffffffff" + "02aabb" + "034d4c53"
                + "0400070008" + "ff");
    }
}
