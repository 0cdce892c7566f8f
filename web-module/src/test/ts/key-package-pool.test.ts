import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { GatewayClient, KeyPackageCount } from '../../main/ts/api/gateway';
import { GatewayError } from '../../main/ts/api/json-call';
import { fromBase64url } from '../../main/ts/device/wire';
import type { GeneratedKeyPackage } from '../../main/ts/mls/key-package-factory';
import { KeyPackagePool, type PoolDevice, TARGET } from '../../main/ts/mls/key-package-pool';

async function device(): Promise<PoolDevice> {
  const deviceKey = (await crypto.subtle.generateKey({ name: 'Ed25519' }, false, ['sign', 'verify'])) as CryptoKeyPair;
  const storeKey = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
  return { recordKey: 'issuer u', userId: 'u', deviceId: 'web-1', deviceKey, storeKey, sign: async () => new Uint8Array(64) };
}

/** The local store, in memory: what was kept, uploaded and forgotten. */
function memoryStore() {
  const kept = new Map<string, { kp: GeneratedKeyPackage; state: string }>();
  return {
    kept,
    addPending: async (_keeper: unknown, generated: readonly GeneratedKeyPackage[]) => {
      generated.forEach((kp) => kept.set(kp.ref, { kp, state: 'pending' }));
    },
    markUploaded: async (refs: readonly string[]) => {
      refs.forEach((ref) => kept.set(ref, { ...kept.get(ref)!, state: 'uploaded' }));
    },
    deletePending: async (refs: readonly string[]) => {
      refs.forEach((ref) => kept.delete(ref));
    },
    purgeExpired: async () => undefined,
  };
}

function gateway(count: KeyPackageCount, refuse?: GatewayError) {
  const uploads: { oneTime: readonly string[]; lastResort: string | null }[] = [];
  const fake = {
    uploads,
    keyPackageCount: async () => count,
    uploadKeyPackages: async (_device: unknown, oneTime: readonly string[], lastResort: string | null) => {
      if (refuse) {
        throw refuse;
      }
      uploads.push({ oneTime, lastResort });
      return { refs: [], oneTime: count.oneTime + oneTime.length, lastResort: true };
    },
  };
  return fake;
}

test('a refill tops the gateway up to the target and a last-resort KeyPackage, keeping every private key first', async () => {
  const store = memoryStore();
  const fake = gateway({ oneTime: TARGET - 3, lastResort: false });

  const refill = await new KeyPackagePool(fake as unknown as GatewayClient, store).refill(await device());

  assert.deepEqual(refill, { oneTimeUploaded: 3, lastResortUploaded: true, oneTime: TARGET, lastResort: true });
  assert.equal(fake.uploads.length, 1);
  assert.equal(fake.uploads[0]?.oneTime.length, 3);
  assert.ok(fake.uploads[0]?.lastResort);
  assert.equal(store.kept.size, 4);
  assert.ok([...store.kept.values()].every((entry) => entry.state === 'uploaded'));
  assert.equal([...store.kept.values()].filter((entry) => entry.kp.lastResort).length, 1);
  assert.equal(fromBase64url(fake.uploads[0]?.oneTime[0] ?? '')[3], 5, 'MLSMessage(KeyPackage)');
});

test('a full pool uploads nothing; the first refill of a new device uploads the CLI\'s 50 and a last-resort one', async () => {
  const full = gateway({ oneTime: TARGET, lastResort: true });
  assert.equal((await new KeyPackagePool(full as unknown as GatewayClient, memoryStore()).refill(await device())).oneTimeUploaded, 0);
  assert.equal(full.uploads.length, 0);

  const empty = gateway({ oneTime: 0, lastResort: false });
  const refill = await new KeyPackagePool(empty as unknown as GatewayClient, memoryStore()).refill(await device());
  assert.equal(refill.oneTimeUploaded, 50);
  assert.equal(refill.lastResortUploaded, true);
});

test('a refused upload forgets its KeyPackages here too', async () => {
  const store = memoryStore();
  const refused = gateway({ oneTime: 49, lastResort: true },
    new GatewayError(400, 'key_package_invalid', 'key_packages[0]: a signature does not verify', null));

  await assert.rejects(new KeyPackagePool(refused as unknown as GatewayClient, store).refill(await device()), GatewayError);
  assert.equal(store.kept.size, 0);
});

test('key_packages_low for this device refills; other frames and devices do not', async () => {
  const fake = gateway({ oneTime: 9, lastResort: true });
  const pool = new KeyPackagePool(fake as unknown as GatewayClient, memoryStore());
  const me = await device();

  assert.equal(await pool.onFrame({ type: 'message', device_id: 'web-1' }, me), null);
  assert.equal(await pool.onFrame({ type: 'key_packages_low', device_id: 'phone', remaining: 9 }, me), null);
  const refill = await pool.onFrame({ type: 'key_packages_low', device_id: 'web-1', remaining: 9 }, me);

  assert.equal(refill?.oneTimeUploaded, TARGET - 9);
  assert.equal(fake.uploads.length, 1);
});
