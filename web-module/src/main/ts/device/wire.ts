/**
 * The Authentication Service's wire formats (docs/protocol.md, wire formats; dev.parley.protocol.device in Java):
 * unpadded base64url, and the to-be-signed structures of the device certificate and the proof of possession,
 * encoded like RFC 9420 (opaque<V>: a QUIC-style varint length, then the bytes; uint64 big-endian).
 */

export const CERTIFICATE_LABEL = 'parley device certificate v1';
export const PROOF_LABEL = 'parley device proof v1';
export const REQUEST_PROOF_LABEL = 'parley request proof v1';

export function base64url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) {
    binary += String.fromCharCode(byte);
  }
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function fromBase64url(value: string): Uint8Array {
  const binary = atob(value.replace(/-/g, '+').replace(/_/g, '/'));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

/** DeviceCertificateTBS: what the identity key signs. */
export function deviceCertificateTbs(realm: string, userId: string, deviceId: string, deviceKey: Uint8Array,
  createdAt: number): Uint8Array {
  return concat([opaque(CERTIFICATE_LABEL), opaque(realm), opaque(userId), opaque(deviceId), opaque(deviceKey), uint64(createdAt)]);
}

/** DeviceProofTBS: what the device key signs over a challenge. */
export function deviceProofTbs(realm: string, userId: string, challenge: Uint8Array, deviceId: string,
  deviceKey: Uint8Array): Uint8Array {
  return concat([opaque(PROOF_LABEL), opaque(realm), opaque(userId), opaque(challenge), opaque(deviceId), opaque(deviceKey)]);
}

/**
 * RequestProofTBS: what the device key signs for a device-bound REST call (docs/protocol.md, device-bound requests):
 * the target is the path and query as in the request line, the body hash SHA-256 of the body bytes as sent.
 */
export function requestProofTbs(gatewayId: string, userId: string, deviceId: string, method: string, target: string,
  bodyHash: Uint8Array, timestamp: number, nonce: Uint8Array): Uint8Array {
  return concat([opaque(REQUEST_PROOF_LABEL), opaque(gatewayId), opaque(userId), opaque(deviceId),
    opaque(method.toUpperCase()), opaque(target), opaque(bodyHash), uint64(timestamp), opaque(nonce)]);
}

/** opaque<V>: the length as an RFC 9420 §2.1.2 varint (shortest form), then the bytes (strings as UTF-8). */
export function opaque(value: string | Uint8Array): Uint8Array {
  const bytes = typeof value === 'string' ? new TextEncoder().encode(value) : value;
  return concat([varint(bytes.length), bytes]);
}

function varint(length: number): Uint8Array {
  if (length < 0x40) {
    return Uint8Array.of(length);
  }
  if (length < 0x4000) {
    return Uint8Array.of(0x40 | (length >> 8), length & 0xff);
  }
  if (length < 0x40000000) {
    return Uint8Array.of(0x80 | (length >>> 24), (length >> 16) & 0xff, (length >> 8) & 0xff, length & 0xff);
  }
  throw new RangeError(`a vector of ${length} bytes is too long`);
}

function uint64(value: number): Uint8Array {
  const bytes = new Uint8Array(8);
  new DataView(bytes.buffer).setBigUint64(0, BigInt(value));
  return bytes;
}

export function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}
