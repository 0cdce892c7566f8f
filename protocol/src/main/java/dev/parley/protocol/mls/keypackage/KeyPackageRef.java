package dev.parley.protocol.mls.keypackage;

import dev.parley.protocol.mls.crypto.CipherSuite;
import dev.parley.protocol.mls.crypto.MlsCrypto;
import dev.parley.protocol.mls.tls.Bytes;

/** A {@code KeyPackageRef} (RFC 9420 §5.2): how a Welcome names the KeyPackage each new member joined with. */
public record KeyPackageRef(Bytes value) {

    /** RefHash("MLS 1.0 KeyPackage Reference", the KeyPackage's encoding). */
    public static KeyPackageRef compute(CipherSuite suite, Bytes keyPackageEncoding) {
        return new KeyPackageRef(MlsCrypto.refHash(suite, MlsCrypto.KEY_PACKAGE_REF_LABEL, keyPackageEncoding));
    }

    @Override
    public String toString() {
        return "KeyPackageRef{" + value.hex() + "}";
    }
}
