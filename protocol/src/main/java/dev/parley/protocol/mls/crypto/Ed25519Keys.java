package dev.parley.protocol.mls.crypto;

import dev.parley.protocol.mls.tls.Bytes;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.EdECPrivateKeySpec;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.NamedParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;

/**
 * Converts between the raw 32-byte Ed25519 keys MLS puts on the wire (RFC 8032 encoding) and JDK keys.
 */
public final class Ed25519Keys {

    public static final int KEY_LENGTH = 32;

    /** SubjectPublicKeyInfo header for an Ed25519 key (RFC 8410); the raw key follows it. */
    private static final byte[] SPKI_PREFIX = {
        0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00,
    };

    private Ed25519Keys() {
    }

    /** @throws InvalidKeySpecException if {@code raw} is not a 32-byte encoded Ed25519 point */
    public static PublicKey publicKey(Bytes raw) throws InvalidKeySpecException {
        if (raw.length() != KEY_LENGTH) {
            throw new InvalidKeySpecException("Ed25519 public key must be 32 bytes, got " + raw.length());
        }
        byte[] spki = Arrays.copyOf(SPKI_PREFIX, SPKI_PREFIX.length + KEY_LENGTH);
        System.arraycopy(raw.toByteArray(), 0, spki, SPKI_PREFIX.length, KEY_LENGTH);
        return keyFactory().generatePublic(new X509EncodedKeySpec(spki));
    }

    /** The private key whose 32-byte seed is {@code seed}. */
    public static PrivateKey privateKey(Bytes seed) {
        if (seed.length() != KEY_LENGTH) {
            throw new IllegalArgumentException("Ed25519 private key must be 32 bytes, got " + seed.length());
        }
        try {
            return keyFactory().generatePrivate(
                    new EdECPrivateKeySpec(NamedParameterSpec.ED25519, seed.toByteArray()));
        } catch (InvalidKeySpecException e) {
            throw new IllegalArgumentException("not an Ed25519 private key", e);
        }
    }

    /** The 32-byte wire encoding of a JDK Ed25519 public key. */
    public static Bytes raw(PublicKey key) {
        byte[] spki = key.getEncoded();
        if (spki.length != SPKI_PREFIX.length + KEY_LENGTH
                || !Arrays.equals(spki, 0, SPKI_PREFIX.length, SPKI_PREFIX, 0, SPKI_PREFIX.length)) {
            throw new IllegalArgumentException("not an Ed25519 public key: " + key.getAlgorithm());
        }
        return Bytes.of(Arrays.copyOfRange(spki, SPKI_PREFIX.length, spki.length));
    }

    private static KeyFactory keyFactory() {
        try {
            return KeyFactory.getInstance("Ed25519");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK provides Ed25519 since Java 15", e);
        }
    }
}
