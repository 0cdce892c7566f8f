package dev.parley.protocol.mls.proposal;

import dev.parley.protocol.mls.crypto.HpkeCiphertext;
import dev.parley.protocol.mls.tls.Bytes;
import dev.parley.protocol.mls.tls.TlsReader;
import java.util.List;

/** An {@code UpdatePathNode} (RFC 9420 §7.6): a new parent public key and the path secret encrypted to its resolution. */
public record UpdatePathNode(Bytes encryptionKey, List<HpkeCiphertext> encryptedPathSecret) {

    public UpdatePathNode {
        encryptedPathSecret = List.copyOf(encryptedPathSecret);
    }

    public static UpdatePathNode read(TlsReader reader) {
        Bytes encryptionKey = reader.readOpaque("UpdatePathNode.encryption_key");
        List<HpkeCiphertext> secrets = reader.readVector("UpdatePathNode.encrypted_path_secret",
                HpkeCiphertext::read);
        return new UpdatePathNode(encryptionKey, secrets);
    }
}
