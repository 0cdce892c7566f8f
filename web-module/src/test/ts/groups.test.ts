import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  createApplicationMessage, decodeMlsMessage, emptyPskIndex, joinGroup, processPrivateMessage,
} from 'ts-mls';
import { extensionTypeToNumber } from 'ts-mls/extension.js';
import { verifyGroupInfoSignature } from 'ts-mls/groupInfo.js';
import { commitAdds, groupInfoOf, newGroup } from '../../main/ts/mls/direct-conversations';
import { makeKeyPackage } from '../../main/ts/mls/key-package-factory';
import { parleySuite } from '../../main/ts/mls/suite';

const NOW = Math.floor(Date.now() / 1000);

async function device(userId: string, deviceId: string) {
  const deviceKey = (await crypto.subtle.generateKey({ name: 'Ed25519' }, false, ['sign', 'verify'])) as CryptoKeyPair;
  return { userId, deviceId, deviceKey, publicKey: new Uint8Array(await crypto.subtle.exportKey('raw', deviceKey.publicKey)) };
}

function decoded(message: Uint8Array) {
  const result = decodeMlsMessage(message, 0);
  assert.ok(result);
  assert.equal(result[1], message.length);
  return result[0];
}

test('a group made with the non-extractable device key: its epoch-0 GroupInfo carries external_pub and the ratchet tree and verifies', async () => {
  const alice = await device('alice', 'web-1');
  const groupId = crypto.getRandomValues(new Uint8Array(32));

  const state = await newGroup(alice, groupId, NOW);
  const message = decoded(await groupInfoOf(state));

  assert.equal(message.wireformat, 'mls_group_info');
  if (message.wireformat !== 'mls_group_info') {
    return;
  }
  const groupInfo = message.groupInfo;
  assert.equal(groupInfo.groupContext.epoch, 0n);
  assert.deepEqual(groupInfo.groupContext.groupId, groupId);
  assert.deepEqual(groupInfo.groupContext.extensions, [], 'no group context extensions, as the SDK');
  assert.equal(groupInfo.groupContext.confirmedTranscriptHash.length, 0);
  assert.equal(groupInfo.signer, 0);
  assert.deepEqual(groupInfo.extensions.map((e) => extensionTypeToNumber(e.extensionType)).sort(), [2, 4],
    'ratchet_tree (2) and external_pub (4)');
  const suite = await parleySuite();
  assert.equal(await verifyGroupInfoSignature(groupInfo, alice.publicKey, suite.signature), true);
});

test('a commit adding a device is a PublicMessage whose Welcome carries the tree; the joiner reads what the creator sends', async () => {
  const alice = await device('alice', 'web-1');
  const bob = await device('bob', 'phone');
  const bobs = await makeKeyPackage(bob, false, NOW);
  const suite = await parleySuite();

  const pending = await commitAdds(await newGroup(alice, crypto.getRandomValues(new Uint8Array(32)), NOW), [bobs.keyPackage]);

  assert.equal(decoded(pending.commit).wireformat, 'mls_public_message');
  assert.ok(pending.welcome);
  const welcome = decoded(pending.welcome);
  assert.equal(welcome.wireformat, 'mls_welcome');
  if (welcome.wireformat !== 'mls_welcome') {
    return;
  }
  const joined = await joinGroup(welcome.welcome, bobs.keyPackage, bobs.privatePackage, emptyPskIndex, suite);
  assert.equal(joined.groupContext.epoch, 1n);
  assert.equal(pending.newState.groupContext.epoch, 1n);
  const info = decoded(pending.groupInfo);
  assert.ok(info.wireformat === 'mls_group_info' && info.groupInfo.groupContext.epoch === 1n);

  const sent = await createApplicationMessage(pending.newState, new TextEncoder().encode('{"v":1,"type":"text","text":"hi"}'), suite);
  const read = await processPrivateMessage(joined, sent.privateMessage, emptyPskIndex, suite);
  assert.equal(read.kind, 'applicationMessage');
  if (read.kind === 'applicationMessage') {
    assert.equal(new TextDecoder().decode(read.message), '{"v":1,"type":"text","text":"hi"}');
  }
});
