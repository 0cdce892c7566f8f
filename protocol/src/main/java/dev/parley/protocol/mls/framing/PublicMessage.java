package dev.parley.protocol.mls.framing;

import dev.parley.protocol.mls.MlsMessageBody;
import dev.parley.protocol.mls.WireFormat;
import dev.parley.protocol.mls.crypto.CipherSuite;
import dev.parley.protocol.mls.crypto.MlsCrypto;
import dev.parley.protocol.mls.keypackage.KeyPackage;
import dev.parley.protocol.mls.proposal.Proposal;
import dev.parley.protocol.mls.tls.Bytes;
import dev.parley.protocol.mls.tls.TlsReader;
import java.util.List;
import java.util.Optional;

/**
 * A {@code PublicMessage} (RFC 9420 §6.2) as received. Invariant: {@code membershipTag} is present exactly when
 * the sender is a member. The membership tag (a MAC under a group secret) cannot be checked by a Delivery Service.
 */
public record PublicMessage(FramedContent content, FramedContentAuthData auth, Optional<Bytes> membershipTag)
        implements MlsMessageBody {

    /** SignWithLabel label of the content signature. */
    public static final String SIGNATURE_LABEL = "FramedContentTBS";

    public static PublicMessage read(TlsReader reader) {
        FramedContent content = FramedContent.read(reader);
        FramedContentAuthData auth = FramedContentAuthData.read(reader, content.contentType());
        Optional<Bytes> membershipTag = content.sender().type() == SenderType.MEMBER
                ? Optional.of(reader.readOpaque("PublicMessage.membership_tag"))
                : Optional.empty();
        return new PublicMessage(content, auth, membershipTag);
    }

    /** KeyPackages of the Add proposals carried by value (an Add proposal, or a commit's by-value Adds). */
    public List<KeyPackage> addedKeyPackages() {
        return content.proposalsByValue().stream()
                .filter(Proposal.Add.class::isInstance)
                .map(proposal -> ((Proposal.Add) proposal).keyPackage())
                .toList();
    }

    /** Leaf indexes removed by the Remove proposals carried by value. */
    public List<Long> removedLeaves() {
        return content.proposalsByValue().stream()
                .filter(Proposal.Remove.class::isInstance)
                .map(proposal -> ((Proposal.Remove) proposal).removed())
                .toList();
    }

    /**
     * VerifyWithLabel of the content signature over FramedContentTBS built from the received content bytes.
     *
     * @param groupContext the serialized GroupContext, required exactly when {@link Sender#signsGroupContext()}
     */
    public boolean verifySignature(CipherSuite suite, Bytes signaturePublicKey, Optional<Bytes> groupContext) {
        Bytes tbs = content.tbs(WireFormat.PUBLIC_MESSAGE, groupContext);
        return MlsCrypto.verifyWithLabel(suite, signaturePublicKey, SIGNATURE_LABEL, tbs, auth.signature());
    }
}
