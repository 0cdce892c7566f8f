package dev.parley.protocol.mls.proposal;

import dev.parley.protocol.mls.tls.Bytes;
import dev.parley.protocol.mls.tls.TlsReader;
import java.util.Optional;

/**
 * A {@code PreSharedKeyID} (RFC 9420 §8.4). Invariant: {@code externalPskId} is present exactly for
 * {@link PskType#EXTERNAL}, {@code resumption} exactly for {@link PskType#RESUMPTION}.
 */
public record PreSharedKeyId(PskType type, Optional<Bytes> externalPskId, Optional<Resumption> resumption,
        Bytes nonce) {

    /** The group and epoch a resumption PSK is taken from; {@code epoch} is an unsigned 64-bit value. */
    public record Resumption(ResumptionPskUsage usage, Bytes groupId, long epoch) {
    }

    public static PreSharedKeyId read(TlsReader reader) {
        PskType type = reader.readU8Enum(PskType.class, "PreSharedKeyID.psktype");
        Optional<Bytes> externalPskId = Optional.empty();
        Optional<Resumption> resumption = Optional.empty();
        switch (type) {
            case EXTERNAL -> externalPskId = Optional.of(reader.readOpaque("PreSharedKeyID.psk_id"));
            case RESUMPTION -> {
                ResumptionPskUsage usage = reader.readU8Enum(ResumptionPskUsage.class, "PreSharedKeyID.usage");
                Bytes groupId = reader.readOpaque("PreSharedKeyID.psk_group_id");
                long epoch = reader.readU64("PreSharedKeyID.psk_epoch");
                resumption = Optional.of(new Resumption(usage, groupId, epoch));
            }
        }
        Bytes nonce = reader.readOpaque("PreSharedKeyID.psk_nonce");
        return new PreSharedKeyId(type, externalPskId, resumption, nonce);
    }
}
