import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeMlsMessage, getCiphersuiteFromName, getCiphersuiteImpl } from 'ts-mls';
import { encodeCapabilities } from 'ts-mls/capabilities.js';
import { encodeKeyPackageTBS, verifyKeyPackage } from 'ts-mls/keyPackage.js';
import { verifyLeafNodeSignatureKeyPackage } from 'ts-mls/leafNode.js';
import { encodeLeafNode } from 'ts-mls/leafNode.js';
import { opaque } from '../../main/ts/device/wire';
import { BACKDATE_SECONDS, generateKeyPackages, LIFETIME_SECONDS } from '../../main/ts/mls/key-package-factory';
import { parleySuite, SUITE_NAME, signingHandle, UnknownSigningHandleError } from '../../main/ts/mls/suite';

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');
const NOW = 1_800_000_000;

async function nonExtractableDeviceKey(): Promise<CryptoKeyPair> {
  return (await crypto.subtle.generateKey({ name: 'Ed25519' }, false, ['sign', 'verify'])) as CryptoKeyPair;
}

function keyPackageOf(message: Uint8Array) {
  const decoded = decodeMlsMessage(message, 0);
  assert.ok(decoded, 'the MLSMessage decodes');
  const [mls, length] = decoded;
  assert.equal(length, message.length, 'no trailing bytes');
  assert.equal(mls.wireformat, 'mls_key_package');
  if (mls.wireformat !== 'mls_key_package') {
    throw new Error('unreachable');
  }
  return mls.keyPackage;
}

/** SignWithLabel's content (RFC 9420 §5.1.2): SignContent { opaque label<V> = "MLS 1.0 " + label; opaque content<V> }. */
function signContent(label: string, content: Uint8Array): Uint8Array {
  return Buffer.concat([opaque(`MLS 1.0 ${label}`), opaque(content)]);
}

test('a KeyPackage signed through the handle of a non-extractable key verifies, with ts-mls and with the public key alone', async () => {
  const deviceKey = await nonExtractableDeviceKey();
  await assert.rejects(crypto.subtle.exportKey('pkcs8', deviceKey.privateKey), 'the private key cannot be read');
  const publicKey = new Uint8Array(await crypto.subtle.exportKey('raw', deviceKey.publicKey));

  const [generated] = await generateKeyPackages({ userId: 'u-1', deviceId: 'web-0a0b0c0d', deviceKey }, 1, false, NOW);
  assert.ok(generated);
  const keyPackage = keyPackageOf(generated.message);

  assert.equal(hex(keyPackage.leafNode.signaturePublicKey), hex(publicKey), 'the leaf signs with the device key');
  const plainSuite = await getCiphersuiteImpl(getCiphersuiteFromName(SUITE_NAME));
  assert.equal(await verifyKeyPackage(keyPackage, plainSuite.signature), true, 'KeyPackageTBS verifies (ts-mls)');
  assert.equal(await verifyLeafNodeSignatureKeyPackage(keyPackage.leafNode, plainSuite.signature), true,
    'LeafNodeTBS verifies (ts-mls)');
  const tbs = encodeKeyPackageTBS(keyPackage);
  assert.equal(await crypto.subtle.verify('Ed25519', deviceKey.publicKey, keyPackage.signature as BufferSource,
    signContent('KeyPackageTBS', tbs) as BufferSource), true, 'KeyPackageTBS verifies with the WebCrypto public key');
  const forged = Uint8Array.from(keyPackage.signature);
  forged[0] = (forged[0] ?? 0) ^ 1;
  assert.equal(await verifyKeyPackage({ ...keyPackage, signature: forged }, plainSuite.signature), false);
});

test('KeyPackages are the SDK\'s: suite 1, basic credential user_id/device_id, 60 days from 10 minutes ago, bcmls capabilities, no extensions', async () => {
  const deviceKey = await nonExtractableDeviceKey();

  const generated = await generateKeyPackages({ userId: 'u-1', deviceId: 'web-1', deviceKey }, 3, false, NOW);

  assert.equal(generated.length, 3);
  assert.equal(new Set(generated.map((kp) => kp.ref)).size, 3, 'each KeyPackage has keys of its own');
  for (const kp of generated) {
    const keyPackage = keyPackageOf(kp.message);
    assert.equal(hex(kp.message.slice(0, 4)), '00010005', 'MLSMessage: mls10, mls_key_package');
    assert.equal(keyPackage.cipherSuite, SUITE_NAME);
    assert.deepEqual(keyPackage.leafNode.credential, { credentialType: 'basic', identity: new TextEncoder().encode('u-1/web-1') });
    assert.equal(keyPackage.leafNode.leafNodeSource, 'key_package');
    if (keyPackage.leafNode.leafNodeSource === 'key_package') {
      assert.equal(keyPackage.leafNode.lifetime.notBefore, BigInt(NOW - BACKDATE_SECONDS));
      assert.equal(keyPackage.leafNode.lifetime.notAfter, BigInt(NOW + LIFETIME_SECONDS));
    }
    assert.equal(kp.notAfter - kp.notBefore, 60 * 24 * 3600 + 600);
    assert.equal(hex(encodeCapabilities(keyPackage.leafNode.capabilities)),
      '0200010e000100020003000400050006000700000400010002', 'the bytes of bcmls new Capabilities(), no GREASE');
    assert.deepEqual(keyPackage.extensions, []);
    assert.deepEqual(keyPackage.leafNode.extensions, []);
    assert.equal(kp.lastResort, false);
    assert.ok(encodeLeafNode(keyPackage.leafNode).length > 0);
  }
});

test('the ref is RefHash("MLS 1.0 KeyPackage Reference", the KeyPackage bytes as uploaded)', async () => {
  const deviceKey = await nonExtractableDeviceKey();
  const [kp] = await generateKeyPackages({ userId: 'u', deviceId: 'd', deviceKey }, 1, true, NOW);
  assert.ok(kp);

  const keyPackageBytes = kp.message.slice(4);
  const refHashInput = Buffer.concat([opaque('MLS 1.0 KeyPackage Reference'), opaque(keyPackageBytes)]);
  const ref = new Uint8Array(await crypto.subtle.digest('SHA-256', refHashInput));

  assert.equal(kp.ref, hex(ref));
  assert.equal(kp.lastResort, true);
});

test('the init and leaf encryption private keys kept here open what is sealed to the KeyPackage\'s public keys', async () => {
  const deviceKey = await nonExtractableDeviceKey();
  const [kp] = await generateKeyPackages({ userId: 'u', deviceId: 'd', deviceKey }, 1, false, NOW);
  assert.ok(kp);
  const keyPackage = keyPackageOf(kp.message);
  const { hpke } = await parleySuite();
  const info = new TextEncoder().encode('test');

  for (const [publicKey, privateKey] of [[keyPackage.initKey, kp.initPrivateKey],
    [keyPackage.leafNode.hpkePublicKey, kp.encryptionPrivateKey]] as const) {
    const sealed = await hpke.seal(await hpke.importPublicKey(publicKey), Uint8Array.of(1, 2, 3), info);
    const opened = await hpke.open(await hpke.importPrivateKey(privateKey), sealed.enc, sealed.ct, info);
    assert.deepEqual(opened, Uint8Array.of(1, 2, 3));
  }
});

test('the suite signs only with registered WebCrypto keys: raw key bytes and unknown handles are refused', async () => {
  const suite = await parleySuite();
  const seed = crypto.getRandomValues(new Uint8Array(32));

  await assert.rejects(suite.signature.sign(seed, Uint8Array.of(1)), UnknownSigningHandleError);
  await assert.rejects(suite.signature.keygen());

  const deviceKey = await nonExtractableDeviceKey();
  const handle = signingHandle(deviceKey.privateKey);
  assert.deepEqual(signingHandle(deviceKey.privateKey), handle, 'one key, one handle');
  assert.ok(!hex(handle).includes(hex(new Uint8Array(await crypto.subtle.exportKey('raw', deviceKey.publicKey)))));
  const signature = await suite.signature.sign(handle, Uint8Array.of(7));
  assert.equal(await crypto.subtle.verify('Ed25519', deviceKey.publicKey, signature as BufferSource, Uint8Array.of(7)), true);
  assert.throws(() => signingHandle(deviceKey.publicKey), TypeError);
});
