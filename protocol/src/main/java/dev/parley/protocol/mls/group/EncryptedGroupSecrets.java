package dev.parley.protocol.mls.group;

import dev.parley.protocol.mls.crypto.HpkeCiphertext;
import dev.parley.protocol.mls.keypackage.KeyPackageRef;
import dev.parley.protocol.mls.tls.TlsReader;

/** One new member's share of a Welcome (RFC 9420 §12.4.3.1): whom it is for, and its encrypted GroupSecrets. */
public record EncryptedGroupSecrets(KeyPackageRef newMember, HpkeCiphertext encryptedGroupSecrets) {

    public static EncryptedGroupSecrets read(TlsReader reader) {
        KeyPackageRef newMember = new KeyPackageRef(reader.readOpaque("EncryptedGroupSecrets.new_member"));
        HpkeCiphertext secrets = HpkeCiphertext.read(reader);
        return new EncryptedGroupSecrets(newMember, secrets);
    }
}
