import assert from 'node:assert/strict';
import { afterEach, test } from 'node:test';
import { GatewayClient, GatewayError } from '../../main/ts/api/gateway';

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
