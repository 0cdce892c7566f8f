package dev.parley.client.state;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Authenticated encryption of local secrets: AES-256-GCM with a random 12-byte nonce (stored in front of the
 * ciphertext), and PBKDF2-HMAC-SHA256 to turn a passphrase into a key.
 */
public final class Sealing {

    public static final int KEY_LENGTH = 32;
    public static final int SALT_LENGTH = 16;
    /** PBKDF2-HMAC-SHA256 iterations for new passphrase-sealed files (OWASP's 2023 recommendation). */
    public static final int ITERATIONS = 600_000;

    private static final int NONCE_LENGTH = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private Sealing() {
    }

    /** Thrown when sealed bytes do not open: a wrong key or passphrase, or damaged data. */
    public static final class OpenFailedException extends Exception {
        private static final long serialVersionUID = 1L;

        OpenFailedException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    public static byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    /** nonce || AES-GCM(key, plaintext, aad). */
    public static byte[] seal(byte[] key, byte[] plaintext, byte[] aad) {
        byte[] nonce = randomBytes(NONCE_LENGTH);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(aad);
            byte[] ciphertext = cipher.doFinal(plaintext);
            byte[] sealed = Arrays.copyOf(nonce, NONCE_LENGTH + ciphertext.length);
            System.arraycopy(ciphertext, 0, sealed, NONCE_LENGTH, ciphertext.length);
            return sealed;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is part of every JDK", e);
        }
    }

    /** The plaintext of {@link #seal}; fails if the key, the aad or a byte is wrong. */
    public static byte[] open(byte[] key, byte[] sealed, byte[] aad) throws OpenFailedException {
        if (sealed.length < NONCE_LENGTH + TAG_BITS / 8) {
            throw new OpenFailedException("sealed data is too short", null);
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"),
                    new GCMParameterSpec(TAG_BITS, sealed, 0, NONCE_LENGTH));
            cipher.updateAAD(aad);
            return cipher.doFinal(sealed, NONCE_LENGTH, sealed.length - NONCE_LENGTH);
        } catch (AEADBadTagException e) {
            throw new OpenFailedException("wrong key or damaged data", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is part of every JDK", e);
        }
    }

    /** A 32-byte key from a passphrase (PBKDF2-HMAC-SHA256). */
    public static byte[] deriveKey(char[] passphrase, byte[] salt, int iterations) {
        try {
            PBEKeySpec spec = new PBEKeySpec(passphrase, salt, iterations, KEY_LENGTH * 8);
            try {
                return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
            } finally {
                spec.clearPassword();
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is part of every JDK", e);
        }
    }
}
