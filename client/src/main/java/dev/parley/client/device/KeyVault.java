package dev.parley.client.device;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.client.http.JsonHttp;
import dev.parley.client.state.Sealing;
import dev.parley.client.state.StateDirectory;
import dev.parley.protocol.device.Base64Url;
import dev.parley.protocol.mls.tls.Bytes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * {@code keys.json} in the state directory: the {@link DeviceKeys}, owner-only like every file there, and
 * optionally sealed with a passphrase (PBKDF2-HMAC-SHA256, then AES-256-GCM over the whole key set).
 *
 * <p>Invariant: the file is written before any of its public keys is sent to a server, so a key the realm knows
 * is never one this directory has lost.
 */
public final class KeyVault {

    static final String FILE = "keys.json";
    private static final int VERSION = 1;
    private static final byte[] AAD = "parley keys v1".getBytes(StandardCharsets.US_ASCII);

    private final StateDirectory state;
    private final PassphraseSource passphrases;
    private DeviceKeys cached;
    /** The passphrase the keys were opened or sealed with, so that a rewrite keeps them sealed; null if plain. */
    private char[] passphrase;

    public KeyVault(StateDirectory state, PassphraseSource passphrases) {
        this.state = state;
        this.passphrases = passphrases;
    }

    public boolean exists() {
        return state.file(FILE).toFile().isFile();
    }

    /** Whether the keys on disk are sealed with a passphrase. */
    public boolean encrypted() {
        return read().map(json -> json.path("encrypted").asBoolean(false)).orElse(false);
    }

    /**
     * The keys, or empty when this directory has none.
     *
     * @throws KeysLockedException when they are sealed and no passphrase, or a wrong one, is given
     */
    public Optional<DeviceKeys> load() {
        if (cached != null) {
            return Optional.of(cached);
        }
        Optional<JsonNode> file = read();
        if (file.isEmpty()) {
            return Optional.empty();
        }
        JsonNode json = file.get();
        JsonNode keys = json.path("keys");
        if (json.path("encrypted").asBoolean(false)) {
            char[] passphrase = passphrases.passphrase(false);
            if (passphrase == null) {
                throw new KeysLockedException("the keys in " + state.file(FILE) + " are encrypted and no passphrase was given");
            }
            try {
                byte[] key = Sealing.deriveKey(passphrase, Base64Url.decode(json.path("salt").asText()).toByteArray(),
                        json.path("iterations").asInt());
                keys = JsonHttp.JSON.readTree(Sealing.open(key, Base64Url.decode(json.path("sealed").asText()).toByteArray(), AAD));
            } catch (Sealing.OpenFailedException e) {
                throw new KeysLockedException("the passphrase does not open the keys in " + state.file(FILE));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            this.passphrase = passphrase;
        }
        cached = new DeviceKeys(keys.path("user_id").asText(), bytes(keys, "identity_key"), keys.path("device_id").asText(),
                bytes(keys, "device_key"), bytes(keys, "store_key"));
        return Optional.of(cached);
    }

    /**
     * Writes the keys owner-only and atomically, sealed with {@code passphrase} when it is not null.
     */
    public void save(DeviceKeys keys, char[] passphrase) {
        ObjectNode secrets = JsonHttp.JSON.createObjectNode()
                .put("user_id", keys.userId())
                .put("identity_key", Base64Url.encode(keys.identitySeed()))
                .put("device_id", keys.deviceId())
                .put("device_key", Base64Url.encode(keys.deviceSeed()))
                .put("store_key", Base64Url.encode(keys.storeKey()));
        ObjectNode file = JsonHttp.JSON.createObjectNode().put("version", VERSION);
        try {
            if (passphrase == null) {
                file.put("encrypted", false).set("keys", secrets);
            } else {
                byte[] salt = Sealing.randomBytes(Sealing.SALT_LENGTH);
                byte[] key = Sealing.deriveKey(passphrase, salt, Sealing.ITERATIONS);
                byte[] sealed = Sealing.seal(key, JsonHttp.JSON.writeValueAsBytes(secrets), AAD);
                file.put("encrypted", true).put("kdf", "PBKDF2WithHmacSHA256").put("iterations", Sealing.ITERATIONS)
                        .put("salt", Base64Url.encode(Bytes.of(salt))).put("cipher", "AES-256-GCM")
                        .put("sealed", Base64Url.encode(Bytes.of(sealed)));
            }
            state.write(FILE, JsonHttp.JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(file));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + state.file(FILE) + ": " + e.getMessage(), e);
        }
        cached = keys;
        this.passphrase = passphrase;
    }

    /**
     * The passphrase to keep using when the keys are rewritten: the one they were opened with, else
     * {@code PARLEY_PASSPHRASE}-style input from the source for a new key set, else null (plain).
     */
    public char[] currentPassphrase() {
        if (passphrase != null) {
            return passphrase;
        }
        if (exists() && encrypted()) {
            load();
            return passphrase;
        }
        return exists() ? null : passphrases.passphrase(true);
    }

    /** Deletes the keys (after the realm revoked this device, or to start over). */
    public void delete() {
        try {
            state.delete(FILE);
            cached = null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Optional<JsonNode> read() {
        try {
            Optional<byte[]> content = state.read(FILE);
            return content.isEmpty() ? Optional.empty() : Optional.of(JsonHttp.JSON.readTree(content.get()));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + state.file(FILE) + ": " + e.getMessage(), e);
        }
    }

    private static Bytes bytes(JsonNode node, String field) {
        return Base64Url.decode(node.path(field).asText());
    }
}
