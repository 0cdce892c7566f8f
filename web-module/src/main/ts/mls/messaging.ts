/**
 * Messages of the conversations this browser is in, by the SDK's rules (ConversationManager.sync and queue):
 *
 * - **Reading**: each conversation's log (`GET conversations/{id}/log`, device-bound) is processed in seq order from
 *   the cursor kept with the group state (mls/group-store.ts): a Welcome to one of this device's KeyPackages joins the
 *   group (the KeyPackage's private keys are unsealed from "key_packages"); a commit of an epoch the state has passed
 *   is this device's own, already applied (echo before apply), any other is processed; an application message is
 *   decrypted and its payload read (mls/message-body.ts). The state after an entry, its cursor and the message it
 *   gave are written in one IndexedDB transaction, so a reload never processes an entry twice nor skips one.
 * - **Sending**: a text is kept in the "outbox" (sealed, with its msg_id) before the first attempt; each attempt
 *   encrypts it for the current epoch, keeps the advanced state, and sends it with that msg_id; the gateway stores a
 *   msg_id once (a repeat answers `duplicate` with the original seq), so a reload after a failure resends it exactly
 *   once. It leaves the outbox in the transaction that stores it as sent.
 *
 * Messages are kept in "messages" (by conversation and seq), their text sealed with the store key.
 */
import {
  acceptAll, type ClientState, createApplicationMessage, decodeMlsMessage, emptyPskIndex, encodeMlsMessage, joinGroup,
  type MLSMessage, processMessage,
} from 'ts-mls';
import { GatewayError, type GatewayClient, type LogEntry } from '../api/gateway';
import { base64url, fromBase64url } from '../device/wire';
import { BY_CONVERSATION, GROUPS, MESSAGES, OUTBOX, transact, transactAll } from '../storage/database';
import { open, seal } from '../storage/sealing';
import { hex, type GroupDevice } from './direct-conversations';
import type { GroupStore } from './group-store';
import type { KeyPackageStore } from './key-package-store';
import { encodeTextBody, readBody } from './message-body';
import { parleySuite } from './suite';
import { signingHandle } from './suite';

/** A message as the page shows it. */
export interface ShownMessage {
  /** The log's seq; null while it waits in the outbox. */
  readonly seq: number | null;
  readonly senderUserId: string;
  readonly senderDeviceId: string;
  /** `text` a message; `notice` something the client says about an entry (not decryptable, needs a newer version). */
  readonly kind: 'text' | 'notice';
  readonly text: string;
}

interface StoredMessage {
  /** `<conversation id> <seq, 12 digits>` */
  readonly id: string;
  readonly conversation: string;
  readonly device: string;
  readonly seq: number;
  readonly msgId: string | null;
  readonly senderUserId: string;
  readonly senderDeviceId: string;
  readonly kind: 'text' | 'notice';
  /** The text, sealed (additional data "parley message <id>"). */
  readonly text: Uint8Array;
}

interface StoredOutboxEntry {
  readonly msgId: string;
  readonly conversation: string;
  readonly device: string;
  /** The payload to encrypt, sealed (additional data "parley outbox <msg_id>"). */
  readonly body: Uint8Array;
  readonly createdAt: number;
}

/** A conversation this device is in, and who else takes part. */
export interface HeldConversation {
  readonly conversationId: string;
  readonly peerUserIds: readonly string[];
}

/** Log entries read per page. */
const PAGE = 100;

export class Messaging {
  /** Conversations whose log told this device it is no member, by the last seq seen then. */
  private readonly notMember = new Map<string, number>();
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly gateway: GatewayClient,
    private readonly groups: GroupStore,
    private readonly keyPackages: KeyPackageStore,
  ) {}

  /**
   * Reads the logs of the user's direct conversations: joins those with a Welcome to this device, processes the
   * new entries of those it is in. Returns the conversations this device is in, newest first, and the first failure
   * of a conversation that could not be read (the others are read all the same).
   */
  syncAll(device: GroupDevice): Promise<{ held: HeldConversation[]; failure: unknown }> {
    return this.exclusive(async () => {
      const listed = (await this.gateway.conversations()).filter((conversation) => conversation.type === 'dm');
      const held: HeldConversation[] = [];
      let failure: unknown = null;
      for (const conversation of listed) {
        if (this.notMember.get(conversation.conversationId) === conversation.lastSeq) {
          continue;
        }
        const entry = {
          conversationId: conversation.conversationId,
          peerUserIds: conversation.userIds.filter((userId) => userId !== device.userId),
        };
        try {
          if (await this.read(device, conversation.conversationId)) {
            held.push(entry);
          }
        } catch (error) {
          if (error instanceof GatewayError && error.code === 'not_member') {
            this.notMember.set(conversation.conversationId, conversation.lastSeq);
            continue;
          }
          failure ??= error;
          if (await this.groups.held(device, conversation.conversationId)) {
            held.push(entry);
          }
        }
      }
      return { held, failure };
    });
  }

  /** Reads one conversation's new log entries; whether this device is in its group. */
  sync(device: GroupDevice, conversationId: string): Promise<boolean> {
    return this.exclusive(() => this.read(device, conversationId));
  }

  /** Keeps a text in the outbox, then sends it (and whatever else waits there for the conversation). */
  send(device: GroupDevice, conversationId: string, text: string): Promise<void> {
    return this.exclusive(async () => {
      const msgId = 'm-' + hex(crypto.getRandomValues(new Uint8Array(16)));
      const entry: StoredOutboxEntry = {
        msgId, conversation: conversationId, device: owner(device), createdAt: Date.now(),
        body: await seal(device.storeKey, encodeTextBody(text, new Date()), outboxAad(msgId)),
      };
      await transact(OUTBOX, 'readwrite', (store) => store.put(entry));
      await this.sendOutbox(device, conversationId);
    });
  }

  /** Sends what waits in the outbox of a conversation, each with its own msg_id. */
  flush(device: GroupDevice, conversationId: string): Promise<void> {
    return this.exclusive(() => this.sendOutbox(device, conversationId));
  }

  /** The conversation's history as stored, then what waits in the outbox. */
  async history(device: GroupDevice, conversationId: string): Promise<ShownMessage[]> {
    const stored = (await transact<StoredMessage[]>(MESSAGES, 'readonly',
      (store) => store.index(BY_CONVERSATION).getAll(IDBKeyRange.only(conversationId))))
      .filter((message) => message.device === owner(device)).sort((a, b) => a.seq - b.seq);
    const shown: ShownMessage[] = [];
    for (const message of stored) {
      shown.push({
        seq: message.seq, senderUserId: message.senderUserId, senderDeviceId: message.senderDeviceId, kind: message.kind,
        text: new TextDecoder().decode(await open(device.storeKey, message.text, messageAad(message.id))),
      });
    }
    for (const entry of await this.outbox(device, conversationId)) {
      const body = readBody(await open(device.storeKey, entry.body, outboxAad(entry.msgId)));
      shown.push({
        seq: null, senderUserId: device.userId, senderDeviceId: device.deviceId, kind: 'text',
        text: body.kind === 'text' ? body.text : '',
      });
    }
    return shown;
  }

  /** How many messages wait in the outbox of a conversation. */
  async waiting(device: GroupDevice, conversationId: string): Promise<number> {
    return (await this.outbox(device, conversationId)).length;
  }

  private async read(device: GroupDevice, conversationId: string): Promise<boolean> {
    const held = await this.groups.held(device, conversationId);
    let state = held?.state ?? null;
    let cursor = held?.cursor ?? 0;
    for (;;) {
      const page = await this.gateway.log(device, conversationId, cursor, PAGE);
      for (const entry of page.entries) {
        if (entry.seq <= cursor) {
          continue;
        }
        state = await this.process(device, conversationId, state, entry);
        cursor = entry.seq;
      }
      if (state !== null && page.nextAfter > cursor) {
        cursor = page.nextAfter;
        await this.groups.save(device, conversationId, state, cursor);
      }
      if (!page.more || page.entries.length === 0) {
        break;
      }
    }
    return state !== null;
  }

  /** Processes one log entry: the state after it, which is kept with the entry's seq as the cursor. */
  private async process(device: GroupDevice, conversationId: string, state: ClientState | null,
    entry: LogEntry): Promise<ClientState | null> {
    const suite = await parleySuite();
    if (entry.kind === 'welcome') {
      if (state !== null) {
        await this.keep(device, conversationId, state, entry.seq, null);
        return state;
      }
      const joined = await this.join(device, fromBase64url(entry.message));
      if (joined !== null) {
        await this.keep(device, conversationId, joined, entry.seq, null);
      }
      return joined;
    }
    if (state === null) {
      return null;
    }
    const mine = entry.senderUserId === device.userId && entry.senderDeviceId === device.deviceId;
    if (entry.kind === 'commit') {
      if (BigInt(entry.epoch) < state.groupContext.epoch) {
        await this.keep(device, conversationId, state, entry.seq, null);
        return state;
      }
      const message = mlsMessage(entry.message);
      if (message.wireformat !== 'mls_public_message' && message.wireformat !== 'mls_private_message') {
        throw new Error(`log entry ${entry.seq} of ${conversationId} is no commit`);
      }
      const result = await processMessage(message, state, emptyPskIndex, acceptAll, suite);
      await this.keep(device, conversationId, result.newState, entry.seq, null);
      return result.newState;
    }
    if (entry.kind !== 'application') {
      await this.keep(device, conversationId, state, entry.seq, null);
      return state;
    }
    if (mine) {
      await this.ownEcho(device, conversationId, state, entry);
      return state;
    }
    let next = state;
    let shown: { kind: 'text' | 'notice'; text: string } | null;
    try {
      const message = mlsMessage(entry.message);
      if (message.wireformat !== 'mls_private_message') {
        throw new Error('not a PrivateMessage');
      }
      const result = await processMessage(message, state, emptyPskIndex, acceptAll, suite);
      if (result.kind !== 'applicationMessage') {
        throw new Error('not an application message');
      }
      next = result.newState;
      const body = readBody(result.message);
      shown = body.kind === 'text' ? { kind: 'text', text: body.text }
        : body.kind === 'newer' ? { kind: 'notice', text: 'sent a message that needs a newer version of Parley' }
          : body.kind === 'leave_request' ? { kind: 'notice', text: 'left the conversation' } : null;
    } catch (error) {
      shown = { kind: 'notice', text: `sent a message that could not be decrypted (${String(error)})` };
    }
    await this.keep(device, conversationId, next, entry.seq, shown === null ? null : {
      seq: entry.seq, msgId: entry.msgId, senderUserId: entry.senderUserId, senderDeviceId: entry.senderDeviceId, ...shown,
    });
    return next;
  }

  /** This device's own message in the log: stored from the outbox (if the send's answer was lost), else known. */
  private async ownEcho(device: GroupDevice, conversationId: string, state: ClientState, entry: LogEntry): Promise<void> {
    const queued = entry.msgId === null ? undefined
      : await transact<StoredOutboxEntry | undefined>(OUTBOX, 'readonly', (store) => store.get(entry.msgId as string));
    if (!queued || queued.device !== owner(device)) {
      await this.keep(device, conversationId, state, entry.seq, null);
      return;
    }
    const body = readBody(await open(device.storeKey, queued.body, outboxAad(queued.msgId)));
    await this.keep(device, conversationId, state, entry.seq, {
      seq: entry.seq, msgId: queued.msgId, senderUserId: device.userId, senderDeviceId: device.deviceId, kind: 'text',
      text: body.kind === 'text' ? body.text : '',
    }, queued.msgId);
  }

  /** Joins from a Welcome to one of this device's KeyPackages; null when it is to none of them. */
  private async join(device: GroupDevice, welcomeBytes: Uint8Array): Promise<ClientState | null> {
    const decoded = decodeMlsMessage(welcomeBytes, 0);
    if (!decoded || decoded[0].wireformat !== 'mls_welcome') {
      throw new Error('a Welcome in the log is not a Welcome');
    }
    const welcome = decoded[0].welcome;
    for (const secrets of welcome.secrets) {
      const ref = hex(secrets.newMember);
      const keys = await this.keyPackages.privateKeys(device, ref);
      const message = await this.keyPackages.message(device, ref);
      if (!keys || !message) {
        continue;
      }
      const keyPackage = decodeMlsMessage(message, 0);
      if (!keyPackage || keyPackage[0].wireformat !== 'mls_key_package') {
        continue;
      }
      return joinGroup(welcome, keyPackage[0].keyPackage, {
        initPrivateKey: keys.initPrivateKey, hpkePrivateKey: keys.encryptionPrivateKey,
        signaturePrivateKey: signingHandle(device.deviceKey.privateKey),
      }, emptyPskIndex, await parleySuite());
    }
    return null;
  }

  private async sendOutbox(device: GroupDevice, conversationId: string): Promise<void> {
    for (const entry of await this.outbox(device, conversationId)) {
      const held = await this.groups.held(device, conversationId);
      if (!held) {
        return;
      }
      const payload = await open(device.storeKey, entry.body, outboxAad(entry.msgId));
      const encrypted = await createApplicationMessage(held.state, payload, await parleySuite());
      // The ratchet moved on: kept before the message leaves, so no key is ever used twice.
      await this.groups.save(device, conversationId, encrypted.newState, held.cursor);
      const message: MLSMessage = { version: 'mls10', wireformat: 'mls_private_message', privateMessage: encrypted.privateMessage };
      const accepted = await this.gateway.sendMessage(device, conversationId, entry.msgId, base64url(encodeMlsMessage(message)));
      const body = readBody(payload);
      const id = messageId(conversationId, accepted.seq);
      const stored: StoredMessage = {
        id, conversation: conversationId, device: owner(device), seq: accepted.seq, msgId: entry.msgId,
        senderUserId: device.userId, senderDeviceId: device.deviceId, kind: 'text',
        text: await seal(device.storeKey, new TextEncoder().encode(body.kind === 'text' ? body.text : ''), messageAad(id)),
      };
      await transactAll([MESSAGES, OUTBOX], 'readwrite', (transaction) => {
        transaction.objectStore(MESSAGES).put(stored);
        transaction.objectStore(OUTBOX).delete(entry.msgId);
      });
    }
  }

  /** Writes the state after a log entry, its cursor and the message it gave (if any) in one transaction. */
  private async keep(device: GroupDevice, conversationId: string, state: ClientState, seq: number,
    message: Omit<StoredMessage, 'id' | 'conversation' | 'device' | 'text'> & { text: string } | null,
    sentMsgId?: string): Promise<void> {
    const group = await this.groups.record(device, conversationId, state, seq);
    let stored: StoredMessage | null = null;
    if (message !== null) {
      const id = messageId(conversationId, message.seq);
      stored = {
        ...message, id, conversation: conversationId, device: owner(device),
        text: await seal(device.storeKey, new TextEncoder().encode(message.text), messageAad(id)),
      };
    }
    await transactAll([GROUPS, MESSAGES, OUTBOX], 'readwrite', (transaction) => {
      transaction.objectStore(GROUPS).put(group);
      if (stored !== null) {
        transaction.objectStore(MESSAGES).put(stored);
      }
      if (sentMsgId !== undefined) {
        transaction.objectStore(OUTBOX).delete(sentMsgId);
      }
    });
  }

  private async outbox(device: GroupDevice, conversationId: string): Promise<StoredOutboxEntry[]> {
    return (await transact<StoredOutboxEntry[]>(OUTBOX, 'readonly',
      (store) => store.index(BY_CONVERSATION).getAll(IDBKeyRange.only(conversationId))))
      .filter((entry) => entry.device === owner(device)).sort((a, b) => a.createdAt - b.createdAt);
  }

  /** Runs one read or send at a time, so that no two of them work on the same group state. */
  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    const next = this.queue.then(work, work);
    this.queue = next.catch(() => undefined);
    return next;
  }
}

function mlsMessage(message: string): MLSMessage {
  const bytes = fromBase64url(message);
  const decoded = decodeMlsMessage(bytes, 0);
  if (!decoded) {
    throw new Error('not an MLSMessage');
  }
  return decoded[0];
}

function owner(device: GroupDevice): string {
  return `${device.recordKey} ${device.deviceId}`;
}

function messageId(conversationId: string, seq: number): string {
  return `${conversationId} ${String(seq).padStart(12, '0')}`;
}

function messageAad(id: string): string {
  return `parley message ${id}`;
}

function outboxAad(msgId: string): string {
  return `parley outbox ${msgId}`;
}
