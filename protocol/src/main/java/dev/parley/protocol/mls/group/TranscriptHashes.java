package dev.parley.protocol.mls.group;

import dev.parley.protocol.mls.WireFormat;
import dev.parley.protocol.mls.crypto.CipherSuite;
import dev.parley.protocol.mls.crypto.MlsCrypto;
import dev.parley.protocol.mls.framing.FramedContent;
import dev.parley.protocol.mls.tls.Bytes;
import dev.parley.protocol.mls.tls.TlsWriter;

/**
 * The transcript hashes of RFC 9420 §8.2, which chain every epoch's GroupContext to the commits that led to it:
 *
 * <pre>
 * confirmed_transcript_hash_[n] = Hash(interim_transcript_hash_[n-1] || ConfirmedTranscriptHashInput_[n])
 * interim_transcript_hash_[n]   = Hash(confirmed_transcript_hash_[n] || InterimTranscriptHashInput_[n])
 * </pre>
 *
 * with {@code ConfirmedTranscriptHashInput = (WireFormat wire_format; FramedContent content; opaque signature<V>)}
 * and {@code InterimTranscriptHashInput = (opaque confirmation_tag<V>)}. Everything is computed over received bytes
 * ({@link FramedContent#raw()}), never over a re-encoding.
 */
public final class TranscriptHashes {

    private TranscriptHashes() {
    }

    /** {@code confirmed_transcript_hash} of the epoch that a commit (its content and signature) creates. */
    public static Bytes confirmed(CipherSuite suite, Bytes interimBefore, WireFormat wireFormat, FramedContent content,
            Bytes signature) {
        return MlsCrypto.hash(suite, new TlsWriter()
                .writeRaw(interimBefore)
                .writeU16(wireFormat.code())
                .writeRaw(content.raw())
                .writeOpaque(signature)
                .toBytes());
    }

    /** {@code interim_transcript_hash} of an epoch, from its confirmed transcript hash and confirmation tag. */
    public static Bytes interim(CipherSuite suite, Bytes confirmed, Bytes confirmationTag) {
        return MlsCrypto.hash(suite, new TlsWriter().writeRaw(confirmed).writeOpaque(confirmationTag).toBytes());
    }

    /**
     * {@code interim_transcript_hash} of the epoch a GroupInfo describes: its GroupContext's confirmed transcript
     * hash and its confirmation tag are exactly the inputs (for epoch 0, an empty confirmed hash).
     */
    public static Bytes interim(GroupInfo groupInfo) {
        return interim(groupInfo.groupContext().cipherSuite(), groupInfo.groupContext().confirmedTranscriptHash(),
                groupInfo.confirmationTag());
    }
}
