import assert from 'node:assert/strict';
import { test } from 'node:test';
import { generateStoreKey, open, seal } from '../../main/ts/storage/sealing';

test('sealed secrets open with the same non-extractable key and additional data only', async () => {
  const key = await generateStoreKey();
  await assert.rejects(crypto.subtle.exportKey('raw', key), 'the store key cannot be read');
  const sealed = await seal(key, Uint8Array.of(1, 2, 3), 'parley key package ab');

  assert.deepEqual(await open(key, sealed, 'parley key package ab'), Uint8Array.of(1, 2, 3));
  await assert.rejects(open(key, sealed, 'parley key package cd'));
  await assert.rejects(open(await generateStoreKey(), sealed, 'parley key package ab'));
  const sealedAgain = await seal(key, Uint8Array.of(1, 2, 3), 'parley key package ab');
  assert.notDeepEqual(sealedAgain, sealed, 'a fresh IV every time');
});
