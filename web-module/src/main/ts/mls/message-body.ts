/**
 * What an application message carries inside MLS (docs/protocol.md, application messages), as the SDK's
 * MessageBody: `{"v":1,"type":"text","text":"…","sent_at":"…"}`. Reading rules: unknown fields are ignored; a type
 * this client does not know is shown by its `text` when it has one and not at all otherwise; a higher `v` is shown as
 * a notice, never as text; plaintext that is not such an object is shown as UTF-8 text.
 */

/** The payload version this client reads and writes. */
export const BODY_VERSION = 1;

/** What to show for a decrypted application message. */
export type ReadBody =
  | { readonly kind: 'text'; readonly text: string; readonly sentAt: string | null }
  | { readonly kind: 'newer' }
  | { readonly kind: 'leave_request' }
  | { readonly kind: 'hidden' };

export function encodeTextBody(text: string, sentAt: Date): Uint8Array {
  return new TextEncoder().encode(JSON.stringify({ v: BODY_VERSION, type: 'text', text, sent_at: sentAt.toISOString() }));
}

export function readBody(plaintext: Uint8Array): ReadBody {
  const raw = new TextDecoder().decode(plaintext);
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return { kind: 'text', text: raw, sentAt: null };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return { kind: 'text', text: raw, sentAt: null };
  }
  const body = parsed as Record<string, unknown>;
  if (typeof body['type'] !== 'string') {
    return { kind: 'text', text: raw, sentAt: null };
  }
  if (typeof body['v'] === 'number' && body['v'] > BODY_VERSION) {
    return { kind: 'newer' };
  }
  if (body['type'] === 'leave_request') {
    return { kind: 'leave_request' };
  }
  const text = body['text'];
  if (typeof text !== 'string') {
    return { kind: 'hidden' };
  }
  const sentAt = body['sent_at'];
  return { kind: 'text', text, sentAt: typeof sentAt === 'string' ? sentAt : null };
}
