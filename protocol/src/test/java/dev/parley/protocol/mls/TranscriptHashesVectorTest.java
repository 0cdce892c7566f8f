package dev.parley.protocol.mls;

import static dev.parley.protocol.mls.TestVectors.hex;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.protocol.mls.crypto.CipherSuite;
import dev.parley.protocol.mls.framing.FramedContent;
import dev.parley.protocol.mls.framing.FramedContentAuthData;
import dev.parley.protocol.mls.group.TranscriptHashes;
import dev.parley.protocol.mls.tls.Bytes;
import dev.parley.protocol.mls.tls.TlsReader;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The transcript hash chain of RFC 9420 §8.2 against {@code transcript-hashes.json}, cipher suite 1. */
class TranscriptHashesVectorTest {

    private static final CipherSuite SUITE_1 = CipherSuite.MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519;

    private static final Map<String, Object> VECTOR = TestVectors.load("transcript-hashes.json").stream()
            .filter(vector -> TestVectors.number(vector, "cipher_suite") == 1)
            .findFirst()
            .orElseThrow();

    /** AuthenticatedContent: wire_format, FramedContent, FramedContentAuthData. */
    private record Authenticated(WireFormat wireFormat, FramedContent content, FramedContentAuthData auth) {
    }

    private static Authenticated authenticatedContent() {
        return TlsReader.readExactly(hex(VECTOR, "authenticated_content"), reader -> {
            WireFormat wireFormat = reader.readU16Enum(WireFormat.class, "AuthenticatedContent.wire_format");
            FramedContent content = FramedContent.read(reader);
            return new Authenticated(wireFormat, content, FramedContentAuthData.read(reader, content.contentType()));
        });
    }

    @Test
    void confirmedTranscriptHashMatchesVector() {
        Authenticated commit = authenticatedContent();
        Bytes confirmed = TranscriptHashes.confirmed(SUITE_1, Bytes.of(hex(VECTOR, "interim_transcript_hash_before")),
                commit.wireFormat(), commit.content(), commit.auth().signature());
        assertThat(confirmed).isEqualTo(Bytes.of(hex(VECTOR, "confirmed_transcript_hash_after")));
    }

    @Test
    void interimTranscriptHashMatchesVector() {
        Authenticated commit = authenticatedContent();
        Bytes interim = TranscriptHashes.interim(SUITE_1, Bytes.of(hex(VECTOR, "confirmed_transcript_hash_after")),
                commit.auth().confirmationTag().orElseThrow());
        assertThat(interim).isEqualTo(Bytes.of(hex(VECTOR, "interim_transcript_hash_after")));
    }

    @Test
    void anotherInterimHashBeforeGivesAnotherConfirmedHash() {
        Authenticated commit = authenticatedContent();
        Bytes confirmed = TranscriptHashes.confirmed(SUITE_1, Bytes.of(new byte[32]), commit.wireFormat(),
                commit.content(), commit.auth().signature());
        assertThat(confirmed).isNotEqualTo(Bytes.of(hex(VECTOR, "confirmed_transcript_hash_after")));
    }
}
