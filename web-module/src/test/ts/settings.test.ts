import assert from 'node:assert/strict';
import { afterEach, test } from 'node:test';
import { loadSettings } from '../../main/ts/settings';

const realFetch = globalThis.fetch;

function answer(status: number, body: string): void {
  globalThis.fetch = async () => new Response(body, { status, headers: { 'Content-Type': 'application/json' } });
}

afterEach(() => {
  globalThis.fetch = realFetch;
});

test('the settings name the realm and the client', async () => {
  answer(200, JSON.stringify({ issuer: 'https://sso.example.com/realms/parley', client_id: 'parley-web' }));

  assert.deepEqual(await loadSettings(new URL('https://parley.example.com/parley/app/')),
    { issuer: 'https://sso.example.com/realms/parley', clientId: 'parley-web' });
});

test('missing or unreadable settings stop the app with a sentence', async () => {
  answer(503, '');
  await assert.rejects(loadSettings(new URL('https://parley.example.com/parley/app/')), /HTTP 503/);

  answer(200, JSON.stringify({ issuer: 'https://sso.example.com/realms/parley' }));
  await assert.rejects(loadSettings(new URL('https://parley.example.com/parley/app/')), /cannot read/);
});
