package dev.parley.protocol.mls.group;

import dev.parley.protocol.mls.proposal.PreSharedKeyId;
import dev.parley.protocol.mls.tls.Bytes;
import dev.parley.protocol.mls.tls.TlsReader;
import java.util.List;
import java.util.Optional;

/**
 * {@code GroupSecrets} (RFC 9420 §12.4.3.1), the plaintext of a Welcome's encrypted secrets. A Delivery Service
 * never sees it; it is parsed here for clients and tests.
 */
public record GroupSecrets(Bytes joinerSecret, Optional<Bytes> pathSecret, List<PreSharedKeyId> psks) {

    public GroupSecrets {
        psks = List.copyOf(psks);
    }

    public static GroupSecrets read(TlsReader reader) {
        Bytes joinerSecret = reader.readOpaque("GroupSecrets.joiner_secret");
        Optional<Bytes> pathSecret = reader.readOptional("GroupSecrets.path_secret",
                value -> value.readOpaque("PathSecret.path_secret"));
        List<PreSharedKeyId> psks = reader.readVector("GroupSecrets.psks", PreSharedKeyId::read);
        return new GroupSecrets(joinerSecret, pathSecret, psks);
    }
}
