import { GatewayError } from '../api/gateway';
import { SignedOutError } from '../auth/signed-out-error';
import { DeviceRevokedError, IdentityElsewhereError } from '../device/browser-device';
import { Ed25519UnsupportedError } from '../device/signing-keys';
import { MlsUnsupportedError } from '../mls/suite';

/** What went wrong and what to do, in words for the person in front of the screen. */
export interface Problem {
  readonly title: string;
  readonly detail: string;
  /** Whether signing in again is the way out. */
  readonly signInAgain: boolean;
}

const TOKEN_CODES = new Set([
  'token_missing', 'token_malformed', 'token_expired', 'token_not_yet_valid', 'token_signature_invalid',
  'token_issuer_mismatch', 'token_audience_mismatch', 'token_type_invalid', 'token_rejected',
]);

/** Describes any failure; gateway refusals by their documented code (docs/protocol.md). */
export function describeProblem(error: unknown): Problem {
  if (error instanceof SignedOutError) {
    return { title: 'You are signed out', detail: 'Your sign-in has ended. Sign in again to continue.', signInAgain: true };
  }
  if (error instanceof GatewayError) {
    return describeRefusal(error);
  }
  if (error instanceof IdentityElsewhereError) {
    return {
      title: 'Your identity key is on another device',
      detail: `${error.message} This browser does not hold it, so it cannot vouch for a key of its own. `
        + 'Keep using Parley on the device that holds it (for the command line: its state directory). '
        + 'Or make a new identity key there with \'parley devices register --reset-identity\': that revokes all your '
        + 'devices and your contacts are warned that your identity changed. Linking this browser to an existing device comes later.',
      signInAgain: false,
    };
  }
  if (error instanceof DeviceRevokedError) {
    return {
      title: 'This browser was removed from your devices',
      detail: `${error.message} It cannot be used for messages any more.`,
      signInAgain: false,
    };
  }
  if (error instanceof Ed25519UnsupportedError || error instanceof MlsUnsupportedError) {
    return {
      title: 'This browser cannot hold Parley keys',
      detail: `${error.message} Use a current version of Chrome, Edge, Firefox or Safari.`,
      signInAgain: false,
    };
  }
  if (isOidcError(error)) {
    return {
      title: 'Sign-in did not complete',
      detail: `Your organisation's sign-in page answered: ${error.error_description ?? error.error}. Try signing in again.`,
      signInAgain: true,
    };
  }
  if (error instanceof TypeError) {
    return {
      title: 'No connection',
      detail: 'Parley could not reach the server. Check your network connection, then try again.',
      signInAgain: false,
    };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { title: 'Something went wrong', detail: message, signInAgain: false };
}

function describeRefusal(error: GatewayError): Problem {
  if (TOKEN_CODES.has(error.code)) {
    return {
      title: 'Your sign-in is no longer accepted',
      detail: 'The server did not accept your sign-in (' + error.code + '). Sign in again.',
      signInAgain: true,
    };
  }
  switch (error.code) {
    case 'auth_unavailable':
      return {
        title: 'Sign-in service unreachable',
        detail: 'The server cannot check sign-ins right now. Wait a moment and try again; if it persists, tell your administrator.',
        signInAgain: false,
      };
    case 'rate_limited':
      return {
        title: 'Too many requests',
        detail: `Wait ${error.retryAfterSeconds ?? 'a few'} seconds, then try again.`,
        signInAgain: false,
      };
    case 'device_revoked':
      return {
        title: 'This browser was removed from your devices',
        detail: 'One of your devices revoked this browser. Sign in again to set it up anew.',
        signInAgain: true,
      };
    default:
      return {
        title: 'The server refused the request',
        detail: `${error.message || 'No reason was given.'} (${error.code}, HTTP ${error.status})`,
        signInAgain: false,
      };
  }
}

interface OidcError {
  readonly error: string;
  readonly error_description?: string | null;
}

function isOidcError(error: unknown): error is OidcError {
  return error instanceof Error && 'error' in error && typeof (error as { error: unknown }).error === 'string';
}
