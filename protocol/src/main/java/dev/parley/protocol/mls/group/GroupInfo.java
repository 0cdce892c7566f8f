package dev.parley.protocol.mls.group;

import dev.parley.protocol.mls.MlsMessageBody;
import dev.parley.protocol.mls.crypto.MlsCrypto;
import dev.parley.protocol.mls.tls.Bytes;
import dev.parley.protocol.mls.tls.TlsReader;
import dev.parley.protocol.mls.tree.Extensions;

/**
 * A {@code GroupInfo} (RFC 9420 §12.4.3) as received. Invariants: {@code signer} is a {@code uint32} leaf index;
 * {@code raw} is the exact received encoding and {@code signedContent} (GroupInfoTBS) is {@code raw} without the
 * final signature vector.
 */
public record GroupInfo(
        GroupContext groupContext,
        Extensions extensions,
        Bytes confirmationTag,
        long signer,
        Bytes signature,
        Bytes raw,
        Bytes signedContent) implements MlsMessageBody {

    /** SignWithLabel label of the GroupInfo signature. */
    public static final String SIGNATURE_LABEL = "GroupInfoTBS";

    /** Parses bytes that must be exactly one GroupInfo (not wrapped in an MLSMessage). */
    public static GroupInfo parse(byte[] data) {
        return TlsReader.readExactly(data, GroupInfo::read);
    }

    public static GroupInfo read(TlsReader reader) {
        int start = reader.position();
        GroupContext groupContext = GroupContext.read(reader);
        Extensions extensions = Extensions.read(reader, "GroupInfo.extensions");
        Bytes confirmationTag = reader.readOpaque("GroupInfo.confirmation_tag");
        long signer = reader.readU32("GroupInfo.signer");
        Bytes signedContent = reader.bytesFrom(start);
        Bytes signature = reader.readOpaque("GroupInfo.signature");
        return new GroupInfo(groupContext, extensions, confirmationTag, signer, signature, reader.bytesFrom(start),
                signedContent);
    }

    /**
     * VerifyWithLabel(signerPublicKey, "GroupInfoTBS", received GroupInfoTBS) in the group's cipher suite.
     *
     * @param signerPublicKey the signature key of the leaf at {@link #signer()}
     */
    public boolean verifySignature(Bytes signerPublicKey) {
        return MlsCrypto.verifyWithLabel(groupContext.cipherSuite(), signerPublicKey, SIGNATURE_LABEL,
                signedContent, signature);
    }
}
