import assert from 'node:assert/strict';
import { test } from 'node:test';
import { encodeTextBody, readBody } from '../../main/ts/mls/message-body';

const bytes = (text: string) => new TextEncoder().encode(text);

test('a text body is written as the SDK writes it and read back', () => {
  const encoded = encodeTextBody('Hello, Bob', new Date('2026-11-22T06:40:00.123Z'));
  assert.deepEqual(JSON.parse(new TextDecoder().decode(encoded)),
    { v: 1, type: 'text', text: 'Hello, Bob', sent_at: '2026-11-22T06:40:00.123Z' });
  assert.deepEqual(readBody(encoded), { kind: 'text', text: 'Hello, Bob', sentAt: '2026-11-22T06:40:00.123Z' });
});

test('unknown fields are ignored and an unknown type shows its text, or nothing without one', () => {
  assert.deepEqual(readBody(bytes('{"v":1,"type":"file","text":"sent a file: plan.pdf","size":3}')),
    { kind: 'text', text: 'sent a file: plan.pdf', sentAt: null });
  assert.deepEqual(readBody(bytes('{"v":1,"type":"reaction","emoji":"+1"}')), { kind: 'hidden' });
});

test('a higher version is a notice, never text', () => {
  assert.deepEqual(readBody(bytes('{"v":2,"type":"text","text":"new meaning"}')), { kind: 'newer' });
});

test('plaintext that is not a Parley body is shown as UTF-8 text', () => {
  assert.deepEqual(readBody(bytes('plain words')), { kind: 'text', text: 'plain words', sentAt: null });
  assert.deepEqual(readBody(bytes('{"text":"no type"}')), { kind: 'text', text: '{"text":"no type"}', sentAt: null });
  assert.deepEqual(readBody(bytes('[1,2]')), { kind: 'text', text: '[1,2]', sentAt: null });
});

test('a leave request is a control message', () => {
  assert.deepEqual(readBody(bytes('{"v":1,"type":"leave_request","sent_at":"2026-11-22T06:40:00Z"}')), { kind: 'leave_request' });
});
