package dev.parley.protocol.mls;

/**
 * What an {@link MlsMessage} carries. Implemented only by
 * {@link dev.parley.protocol.mls.framing.PublicMessage}, {@link dev.parley.protocol.mls.framing.PrivateMessage},
 * {@link dev.parley.protocol.mls.group.Welcome}, {@link dev.parley.protocol.mls.group.GroupInfo} and
 * {@link dev.parley.protocol.mls.keypackage.KeyPackage} (not sealed only because they live in other packages).
 */
public interface MlsMessageBody {
}
