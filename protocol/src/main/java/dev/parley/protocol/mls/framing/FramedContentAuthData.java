package dev.parley.protocol.mls.framing;

import dev.parley.protocol.mls.tls.Bytes;
import dev.parley.protocol.mls.tls.TlsReader;
import java.util.Optional;

/**
 * {@code FramedContentAuthData} (RFC 9420 §6.1). Invariant: {@code confirmationTag} is present exactly for
 * commit content.
 */
public record FramedContentAuthData(Bytes signature, Optional<Bytes> confirmationTag) {

    public static FramedContentAuthData read(TlsReader reader, ContentType contentType) {
        Bytes signature = reader.readOpaque("FramedContentAuthData.signature");
        Optional<Bytes> confirmationTag = contentType == ContentType.COMMIT
                ? Optional.of(reader.readOpaque("FramedContentAuthData.confirmation_tag"))
                : Optional.empty();
        return new FramedContentAuthData(signature, confirmationTag);
    }
}
