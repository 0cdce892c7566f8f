import assert from 'node:assert/strict';
import { test } from 'node:test';
import { base64url, deviceCertificateTbs, deviceProofTbs, fromBase64url, opaque, requestProofTbs } from '../../main/ts/device/wire';

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

test('DeviceCertificateTBS is the documented byte layout (docs/protocol.md example)', () => {
  const key = new Uint8Array(32).fill(0xab);

  const tbs = deviceCertificateTbs('parley', 'u1', 'd1', key, 0x0102030405);

  assert.equal(hex(tbs), '1c' + Buffer.from('parley device certificate v1').toString('hex') + '067061726c6579'
    + '027531' + '026431' + '20' + 'ab'.repeat(32) + '0000000102030405');
});

test('DeviceProofTBS puts the challenge between the user and the device', () => {
  const tbs = deviceProofTbs('r', 'u', Uint8Array.of(1, 2), 'd', Uint8Array.of(9));

  assert.equal(hex(tbs), '16' + Buffer.from('parley device proof v1').toString('hex') + '0172' + '0175' + '020102'
    + '0164' + '0109');
});

test('vector lengths are the shortest varint', () => {
  assert.equal(hex(opaque(new Uint8Array(63))).slice(0, 2), '3f');
  assert.equal(hex(opaque(new Uint8Array(64))).slice(0, 4), '4040');
  assert.equal(hex(opaque(new Uint8Array(16384))).slice(0, 8), '80004000');
});

test('base64url is unpadded and round-trips', () => {
  const bytes = Uint8Array.of(0xfb, 0xff, 0xfe, 0x00);
  assert.equal(base64url(bytes), '-__-AA');
  assert.deepEqual(fromBase64url('-__-AA'), bytes);
});

test('RequestProofTBS is the documented byte layout (docs/protocol.md example)', async () => {
  const emptyHash = new Uint8Array(await crypto.subtle.digest('SHA-256', new Uint8Array(0)));
  const nonce = Uint8Array.from({ length: 16 }, (_, i) => i);

  const tbs = requestProofTbs('gw', 'u1', 'd1', 'post', '/p?a=1', emptyHash, 0x0102030405, nonce);

  assert.equal(hex(tbs), '17' + Buffer.from('parley request proof v1').toString('hex') + '026777' + '027531' + '026431'
    + '04504f5354' + '062f703f613d31' + '20' + hex(emptyHash) + '0000000102030405' + '10' + hex(nonce));
});
