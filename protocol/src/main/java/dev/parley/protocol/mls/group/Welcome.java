package dev.parley.protocol.mls.group;

import dev.parley.protocol.mls.MlsMessageBody;
import dev.parley.protocol.mls.crypto.CipherSuite;
import dev.parley.protocol.mls.keypackage.KeyPackageRef;
import dev.parley.protocol.mls.tls.Bytes;
import dev.parley.protocol.mls.tls.TlsReader;
import java.util.List;

/** A {@code Welcome} (RFC 9420 §12.4.3.1): a Delivery Service reads only whom it is addressed to. */
public record Welcome(CipherSuite cipherSuite, List<EncryptedGroupSecrets> secrets, Bytes encryptedGroupInfo)
        implements MlsMessageBody {

    public Welcome {
        secrets = List.copyOf(secrets);
    }

    public static Welcome read(TlsReader reader) {
        CipherSuite cipherSuite = CipherSuite.read(reader, "Welcome.cipher_suite");
        List<EncryptedGroupSecrets> secrets = reader.readVector("Welcome.secrets", EncryptedGroupSecrets::read);
        Bytes encryptedGroupInfo = reader.readOpaque("Welcome.encrypted_group_info");
        return new Welcome(cipherSuite, secrets, encryptedGroupInfo);
    }

    /** The KeyPackageRefs of the new members, in order: the Delivery Service routes the Welcome to their owners. */
    public List<KeyPackageRef> recipients() {
        return secrets.stream().map(EncryptedGroupSecrets::newMember).toList();
    }
}
