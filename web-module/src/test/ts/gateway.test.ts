import assert from 'node:assert/strict';
import { afterEach, test } from 'node:test';
import { GatewayClient, GatewayError } from '../../main/ts/api/gateway';
import { fromBase64url, requestProofTbs } from '../../main/ts/device/wire';

const realFetch = globalThis.fetch;
const apiBase = new URL('https://parley.example.com/parley/api/');

/** Answers every fetch with one response and records the requests (the gateway is tested against WildFly in the ITs). */
function answer(status: number, body: unknown): Request[] {
  const requests: Request[] = [];
  globalThis.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    requests.push(new Request(input, init));
    return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
  };
  return requests;
}

afterEach(() => {
  globalThis.fetch = realFetch;
});

test('me() sends the access token and reads the snake_case answer', async () => {
  const requests = answer(200, {
    user_id: 'u-1', username: 'alice', gateway_id: 'gw_it', served_by: 'gw_it', server_version: '0.1.0', protocol_version: 1,
  });

  const me = await new GatewayClient(apiBase, async () => 'token-1').me();

  assert.deepEqual(me, { userId: 'u-1', username: 'alice', gatewayId: 'gw_it', serverVersion: '0.1.0', protocolVersion: 1 });
  assert.equal(requests[0]?.url, 'https://parley.example.com/parley/api/v1/me');
  assert.equal(requests[0]?.headers.get('Authorization'), 'Bearer token-1');
});

test('a refusal becomes a GatewayError with the documented code', async () => {
  answer(401, { error: 'token_rejected', message: 'The realm does not accept this access token.' });

  await assert.rejects(new GatewayClient(apiBase, async () => 't').me(), (error: unknown) => {
    assert.ok(error instanceof GatewayError);
    assert.equal(error.status, 401);
    assert.equal(error.code, 'token_rejected');
    return true;
  });
});

test('an answer that is not the documented JSON is refused, not guessed at', async () => {
  answer(502, 'Bad Gateway');
  await assert.rejects(new GatewayClient(apiBase, async () => 't').me(), /HTTP 502/);

  answer(200, { username: 'alice' });
  await assert.rejects(new GatewayClient(apiBase, async () => 't').me(), /lacks user_id/);
});

test('a KeyPackage upload acts as the device: Parley-Device-Id and a request proof over the body as sent', async () => {
  const deviceKey = (await crypto.subtle.generateKey({ name: 'Ed25519' }, false, ['sign', 'verify'])) as CryptoKeyPair;
  const device = {
    userId: 'u-1', deviceId: 'web-1',
    sign: async (data: Uint8Array) => new Uint8Array(await crypto.subtle.sign('Ed25519', deviceKey.privateKey, data as BufferSource)),
  };
  const requests: Request[] = [];
  globalThis.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    requests.push(request);
    const body = request.url.endsWith('/v1/me')
      ? { user_id: 'u-1', username: 'alice', gateway_id: 'gw_it', server_version: '0.1.0', protocol_version: 1 }
      : { refs: ['ab'], one_time: 1, last_resort: true };
    return new Response(JSON.stringify(body), { status: 200, headers: { 'Content-Type': 'application/json' } });
  };

  const upload = await new GatewayClient(apiBase, async () => 'token-1').uploadKeyPackages(device, ['a1'], 'b2');

  assert.deepEqual(upload, { refs: ['ab'], oneTime: 1, lastResort: true });
  const post = requests.find((request) => request.method === 'POST');
  assert.ok(post);
  assert.equal(post.url, 'https://parley.example.com/parley/api/v1/key-packages');
  const body = new Uint8Array(await post.arrayBuffer());
  assert.deepEqual(JSON.parse(new TextDecoder().decode(body)), { key_packages: ['a1'], last_resort: 'b2' });
  assert.equal(post.headers.get('Parley-Device-Id'), 'web-1');
  const timestamp = Number(post.headers.get('Parley-Timestamp'));
  assert.ok(Math.abs(timestamp - Date.now() / 1000) < 5);
  const nonce = fromBase64url(post.headers.get('Parley-Nonce') ?? '');
  assert.equal(nonce.length, 16);
  const bodyHash = new Uint8Array(await crypto.subtle.digest('SHA-256', body));
  const tbs = requestProofTbs('gw_it', 'u-1', 'web-1', 'POST', '/parley/api/v1/key-packages', bodyHash, timestamp, nonce);
  assert.equal(await crypto.subtle.verify('Ed25519', deviceKey.publicKey,
    fromBase64url(post.headers.get('Parley-Signature') ?? '') as BufferSource, tbs as BufferSource), true);
});

test('the KeyPackage count is a device-bound GET whose body hash is of no bytes', async () => {
  const requests = answer(200, { user_id: 'u', username: 'a', gateway_id: 'gw', server_version: '1', protocol_version: 1,
    one_time: 7, last_resort: false });
  const device = { userId: 'u', deviceId: 'd', sign: async () => new Uint8Array(64) };

  const count = await new GatewayClient(apiBase, async () => 't').keyPackageCount(device);

  assert.deepEqual(count, { oneTime: 7, lastResort: false });
  const get = requests.at(-1);
  assert.equal(get?.url, 'https://parley.example.com/parley/api/v1/key-packages/count');
  assert.equal(get?.headers.get('Parley-Device-Id'), 'd');
  assert.equal(get?.headers.get('Content-Type'), null);
});

const signer = { userId: 'u-1', deviceId: 'web-1', sign: async () => new Uint8Array(64) };

test('a log page is read with its entries in the documented form, and a send names its msg_id', async () => {
  const requests = answer(200, {
    conversation_id: 'c1', next_after: 3, more: false, epoch: 1, first_available_seq: 2,
    entries: [
      { seq: 2, kind: 'welcome', epoch: 1, sender_user_id: 'u-2', sender_device_id: 'phone', message: 'AAEC' },
      { seq: 3, kind: 'application', msg_id: 'm-1', epoch: 1, sender_user_id: 'u-2', sender_device_id: 'phone', message: 'AwQ' },
    ],
  });
  const gateway = new GatewayClient(apiBase, async () => 't');
  (gateway as unknown as { gatewayId: Promise<string> }).gatewayId = Promise.resolve('gw_it');

  const page = await gateway.log(signer, 'c1', 1, 50);

  assert.equal(requests[0]?.url, 'https://parley.example.com/parley/api/v1/conversations/c1/log?after=1&limit=50');
  assert.equal(requests[0]?.headers.get('Parley-Device-Id'), 'web-1');
  assert.deepEqual(page, {
    nextAfter: 3, more: false, firstAvailableSeq: 2,
    entries: [
      { seq: 2, kind: 'welcome', msgId: null, epoch: 1, senderUserId: 'u-2', senderDeviceId: 'phone', message: 'AAEC' },
      { seq: 3, kind: 'application', msgId: 'm-1', epoch: 1, senderUserId: 'u-2', senderDeviceId: 'phone', message: 'AwQ' },
    ],
  });

  const sends = answer(200, { conversation_id: 'c1', seq: 4, epoch: 1, duplicate: true });
  assert.deepEqual(await gateway.sendMessage(signer, 'c1', 'm-2', 'BQY'), { seq: 4, epoch: 1, duplicate: true });
  assert.equal(sends[0]?.method, 'POST');
  assert.deepEqual(JSON.parse(await sends[0]!.text()), { msg_id: 'm-2', message: 'BQY' });
});
