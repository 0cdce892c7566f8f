package dev.parley.client.mls;

import dev.parley.client.device.DeviceKeys;
import dev.parley.client.gateway.GatewayClient;
import dev.parley.client.gateway.GatewayException;
import dev.parley.client.gateway.KeyPackageCount;
import dev.parley.client.gateway.KeyPackageUpload;
import dev.parley.client.http.JsonHttp;
import dev.parley.client.state.Sealing;
import dev.parley.client.store.LocalStore;
import dev.parley.client.store.StoredKeyPackage;
import dev.parley.protocol.device.Base64Url;
import dev.parley.protocol.mls.tls.Bytes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Keeps this device's KeyPackages on the gateway topped up: {@link #TARGET} one-time KeyPackages and one last-resort
 * KeyPackage. Each KeyPackage's private keys are sealed with the store key and kept in the local store
 * <em>before</em> it is uploaded, so every KeyPackage the gateway hands out can be joined with.
 *
 * <p>Invariant: a refused upload stored nothing on the gateway, and its KeyPackages are deleted here too; an upload
 * without an answer leaves them pending (harmless: a later refill does not count them).
 */
public final class KeyPackagePool {

    /** One-time KeyPackages the gateway should hold for this device. */
    public static final int TARGET = 50;
    /** The gateway's largest upload. */
    public static final int MAX_BATCH = 100;

    private final GatewayClient gateway;
    private final LocalStore store;
    private final Clock clock;

    public KeyPackagePool(GatewayClient gateway, LocalStore store, Clock clock) {
        this.gateway = gateway;
        this.store = store;
        this.clock = clock;
    }

    /** The gateway's count for this device and the local store's. */
    public record Status(long oneTimeOnGateway, boolean lastResortOnGateway, int oneTimeKept, int lastResortKept,
                         int target) {
    }

    /** What a refill did. */
    public record Refill(int oneTimeUploaded, boolean lastResortUploaded, long oneTime, boolean lastResort) {
    }

    public Status status(String deviceId) {
        KeyPackageCount count = gateway.keyPackageCount(deviceId);
        return new Status(count.oneTime(), count.lastResort(),
                store.countKeyPackages(StoredKeyPackage.State.UPLOADED, false),
                store.countKeyPackages(StoredKeyPackage.State.UPLOADED, true), TARGET);
    }

    /**
     * Tops the gateway up to {@link #TARGET} one-time KeyPackages and a last-resort one; does nothing when it holds
     * enough.
     */
    public Refill refill(DeviceKeys keys) {
        store.purgeExpiredKeyPackages(clock.instant());
        KeyPackageCount count = gateway.keyPackageCount(keys.deviceId());
        int missing = (int) Math.max(0, TARGET - count.oneTime());
        boolean needLastResort = !count.lastResort();
        if (missing == 0 && !needLastResort) {
            return new Refill(0, false, count.oneTime(), count.lastResort());
        }
        Instant now = clock.instant();
        List<GeneratedKeyPackage> oneTime = KeyPackageFactory.generate(keys, Math.min(missing, MAX_BATCH), false, now);
        GeneratedKeyPackage lastResort = needLastResort ? KeyPackageFactory.generate(keys, 1, true, now).get(0) : null;
        List<GeneratedKeyPackage> all = new ArrayList<>(oneTime);
        if (lastResort != null) {
            all.add(lastResort);
        }
        store.addKeyPackages(all.stream().map(kp -> stored(kp, keys.storeKey(), now)).toList());
        List<String> refs = all.stream().map(GeneratedKeyPackage::ref).toList();
        KeyPackageUpload upload;
        try {
            upload = gateway.uploadKeyPackages(keys.deviceId(),
                    oneTime.stream().map(kp -> Base64Url.encode(kp.message())).toList(),
                    lastResort == null ? null : Base64Url.encode(lastResort.message()));
        } catch (GatewayException refused) {
            store.deletePending(refs);
            throw refused;
        }
        store.markUploaded(refs);
        return new Refill(oneTime.size(), lastResort != null, upload.oneTime(), upload.lastResort());
    }

    /** The private keys of a KeyPackage, for processing a Welcome to it; null if this device never made it. */
    public GeneratedKeyPackage keysOf(String ref, DeviceKeys keys) {
        return store.keyPackage(ref).map(stored -> open(stored, keys.storeKey())).orElse(null);
    }

    /** A Welcome to this KeyPackage was processed. */
    public void markUsed(GeneratedKeyPackage used) {
        store.markKeyPackageUsed(used.ref());
    }

    static StoredKeyPackage stored(GeneratedKeyPackage kp, Bytes storeKey, Instant now) {
        Map<String, String> secrets = new LinkedHashMap<>();
        secrets.put("init_private", Base64Url.encode(kp.initPrivateKey()));
        secrets.put("init_public", Base64Url.encode(kp.initPublicKey()));
        secrets.put("encryption_private", Base64Url.encode(kp.encryptionPrivateKey()));
        secrets.put("encryption_public", Base64Url.encode(kp.encryptionPublicKey()));
        secrets.put("not_before", Long.toString(kp.notBefore().getEpochSecond()));
        try {
            byte[] sealed = Sealing.seal(storeKey.toByteArray(), JsonHttp.JSON.writeValueAsBytes(secrets), aad(kp.ref()));
            return new StoredKeyPackage(kp.ref(), Base64Url.encode(kp.message()), sealed, kp.lastResort(),
                    StoredKeyPackage.State.PENDING, now, kp.notAfter());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static GeneratedKeyPackage open(StoredKeyPackage stored, Bytes storeKey) {
        try {
            var secrets = JsonHttp.JSON.readTree(Sealing.open(storeKey.toByteArray(), stored.secrets(), aad(stored.ref())));
            return new GeneratedKeyPackage(stored.ref(), Base64Url.decode(stored.message()),
                    Base64Url.decode(secrets.path("init_private").asText()), Base64Url.decode(secrets.path("init_public").asText()),
                    Base64Url.decode(secrets.path("encryption_private").asText()),
                    Base64Url.decode(secrets.path("encryption_public").asText()),
                    Instant.ofEpochSecond(secrets.path("not_before").asLong()), stored.notAfter(), stored.lastResort());
        } catch (Sealing.OpenFailedException e) {
            throw new IllegalStateException("the keys of KeyPackage " + stored.ref() + " do not open with this store key", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] aad(String ref) {
        return ("parley key package " + ref).getBytes(StandardCharsets.UTF_8);
    }
}
