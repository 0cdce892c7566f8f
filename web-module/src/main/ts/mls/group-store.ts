/**
 * The MLS groups of this device, in IndexedDB (database "parley", object store "groups", by conversation id): the
 * ts-mls group state (epoch secrets, secret tree, ratchet tree, HPKE private keys of its path) encoded by ts-mls and
 * sealed with the device's non-extractable store key (additional data "parley group <conversation id>"). The state's
 * signature key is the handle of the device key (mls/suite.ts), which is only good in the page that made it: it is
 * stored blank and set again when the state is read. Beside the state the record keeps the conversation's cursor: the
 * seq of the last log entry the state has processed (mls/messaging.ts), written in the same put as the state.
 */
import { type ClientState, decodeGroupState, encodeGroupState } from 'ts-mls';
import { defaultClientConfig } from 'ts-mls/clientConfig.js';
import { BY_DEVICE, GROUPS, transact } from '../storage/database';
import { open, seal } from '../storage/sealing';
import type { KeyPackageOwner } from './key-package-factory';
import type { KeyPackageKeeper } from './key-package-store';
import { signingHandle } from './suite';

export type GroupOwner = KeyPackageOwner & KeyPackageKeeper;

interface StoredGroup {
  readonly conversationId: string;
  readonly device: string;
  readonly epoch: number;
  readonly state: Uint8Array;
  /** The last log seq processed into this state (absent in records written before the cursor existed: 0). */
  readonly cursor?: number;
}

/** A group as read back: its state and the seq of the last log entry processed into it. */
export interface HeldGroup {
  readonly state: ClientState;
  readonly cursor: number;
}

export class GroupStore {
  async save(owner: GroupOwner, conversationId: string, state: ClientState, cursor = 0): Promise<void> {
    const record = await this.record(owner, conversationId, state, cursor);
    await transact(GROUPS, 'readwrite', (store) => store.put(record));
  }

  /** The sealed record of a state, to put into "groups" in a transaction with other writes. */
  async record(owner: GroupOwner, conversationId: string, state: ClientState, cursor: number): Promise<object> {
    const encoded = encodeGroupState({ ...state, signaturePrivateKey: new Uint8Array(0) });
    const record: StoredGroup = {
      conversationId, device: `${owner.recordKey} ${owner.deviceId}`, epoch: Number(state.groupContext.epoch),
      state: await seal(owner.storeKey, encoded, aad(conversationId)), cursor,
    };
    return record;
  }

  /** The group of a conversation as this device last saved it, or null. */
  async load(owner: GroupOwner, conversationId: string): Promise<ClientState | null> {
    return (await this.held(owner, conversationId))?.state ?? null;
  }

  /** The group of a conversation and its cursor as this device last saved them, or null. */
  async held(owner: GroupOwner, conversationId: string): Promise<HeldGroup | null> {
    const record = await transact<StoredGroup | undefined>(GROUPS, 'readonly', (store) => store.get(conversationId));
    if (!record || record.device !== `${owner.recordKey} ${owner.deviceId}`) {
      return null;
    }
    const decoded = decodeGroupState(await open(owner.storeKey, record.state, aad(conversationId)), 0);
    if (!decoded) {
      throw new Error(`the stored group of conversation ${conversationId} does not decode`);
    }
    return {
      state: { ...decoded[0], signaturePrivateKey: signingHandle(owner.deviceKey.privateKey), clientConfig: defaultClientConfig },
      cursor: record.cursor ?? 0,
    };
  }

  /** The conversation ids of the device's groups. */
  async conversations(owner: GroupOwner): Promise<string[]> {
    const records = await transact<StoredGroup[]>(GROUPS, 'readonly',
      (store) => store.index(BY_DEVICE).getAll(IDBKeyRange.only(`${owner.recordKey} ${owner.deviceId}`)));
    return records.map((record) => record.conversationId);
  }
}

function aad(conversationId: string): string {
  return `parley group ${conversationId}`;
}
