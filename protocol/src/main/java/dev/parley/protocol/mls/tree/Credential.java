package dev.parley.protocol.mls.tree;

import dev.parley.protocol.mls.tls.Bytes;
import dev.parley.protocol.mls.tls.TlsReader;
import java.util.List;

/**
 * A {@code Credential} (RFC 9420 §5.3). Its encoding depends on its type, so a credential of an unregistered
 * type cannot be skipped and is rejected.
 */
public sealed interface Credential {

    CredentialType type();

    static Credential read(TlsReader reader) {
        CredentialType type = reader.readU16Enum(CredentialType.class, "Credential.credential_type");
        return switch (type) {
            case BASIC -> new Basic(reader.readOpaque("Credential.identity"));
            case X509 -> new X509(reader.readVector("Credential.certificates",
                    certificate -> certificate.readOpaque("Certificate.cert_data")));
        };
    }

    /** A basic credential: an application-defined identity. */
    record Basic(Bytes identity) implements Credential {

        @Override
        public CredentialType type() {
            return CredentialType.BASIC;
        }
    }

    /** An X.509 credential: DER certificates, end-entity first. */
    record X509(List<Bytes> certificates) implements Credential {

        public X509 {
            certificates = List.copyOf(certificates);
        }

        @Override
        public CredentialType type() {
            return CredentialType.X509;
        }
    }
}
