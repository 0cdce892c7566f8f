import assert from 'node:assert/strict';
import { test } from 'node:test';
import { GatewayError } from '../../main/ts/api/gateway';
import { SignedOutError } from '../../main/ts/auth/signed-out-error';
import { MlsUnsupportedError } from '../../main/ts/mls/suite';
import { describeProblem } from '../../main/ts/ui/problems';

test('a rejected token is solved by signing in again, and says which check failed', () => {
  const problem = describeProblem(new GatewayError(401, 'token_expired', 'The access token has expired.', null));

  assert.equal(problem.signInAgain, true);
  assert.match(problem.detail, /token_expired/);
});

test('rate limiting says how long to wait', () => {
  const problem = describeProblem(new GatewayError(429, 'rate_limited', 'Too many requests', 12));

  assert.equal(problem.signInAgain, false);
  assert.match(problem.detail, /Wait 12 seconds/);
});

test('a revoked browser is told to sign in again to set it up anew', () => {
  const problem = describeProblem(new GatewayError(403, 'device_revoked', 'This device was revoked.', null));

  assert.equal(problem.signInAgain, true);
  assert.match(problem.title, /removed/);
});

test('any other refusal shows the server message, its code and status', () => {
  const problem = describeProblem(new GatewayError(409, 'device_limit_reached', 'Revoke one first.', null));

  assert.equal(problem.detail, 'Revoke one first. (device_limit_reached, HTTP 409)');
});

test('a failed fetch is a connection problem, a lost session a sign-out', () => {
  assert.equal(describeProblem(new TypeError('Failed to fetch')).title, 'No connection');
  assert.equal(describeProblem(new SignedOutError()).signInAgain, true);
});

test('a sign-in error of the realm is shown with its description', () => {
  const error = Object.assign(new Error('access_denied'), { error: 'access_denied', error_description: 'User denied' });

  const problem = describeProblem(error);

  assert.equal(problem.signInAgain, true);
  assert.match(problem.detail, /User denied/);
});

test('a browser without X25519 is told it cannot hold Parley keys, and which browsers can', () => {
  const problem = describeProblem(new MlsUnsupportedError());

  assert.equal(problem.title, 'This browser cannot hold Parley keys');
  assert.match(problem.detail, /X25519.*current version of Chrome/);
});
