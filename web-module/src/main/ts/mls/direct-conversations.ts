/**
 * Direct conversations made in the browser with ts-mls, by the SDK's rules (ConversationManager.openDirect and
 * invite): this device creates the MLS group (epoch 0, alone at leaf 0, no group context extensions), opens the
 * conversation with its epoch-0 GroupInfo, then adds the peer's devices and this user's other devices in one commit.
 *
 * What the gateway and other clients rely on (docs/protocol.md, joining): every GroupInfo carries `external_pub` and
 * the ratchet tree inline; the commit is a PublicMessage (`wireAsPublicMessage`) and its Welcome carries the ratchet
 * tree (`ratchetTreeExtension`). Every added device is checked against the realm's directory first: its certificate
 * verifies with the user's identity key, and its claimed KeyPackage carries that device key and the credential
 * `user_id/device_id`. The new state is applied only once the gateway accepted the commit (echo before apply).
 */
import {
  type ClientState, createCommit, createGroup, createGroupInfoWithExternalPubAndRatchetTree, decodeMlsMessage,
  encodeMlsMessage, type KeyPackage,
} from 'ts-mls';
import { verifyKeyPackage } from 'ts-mls/keyPackage.js';
import { verifyLeafNodeSignatureKeyPackage } from 'ts-mls/leafNode.js';
import type { AuthenticationService, DirectoryEntry } from '../api/authentication-service';
import type { Conversation, DeviceSigner, GatewayClient } from '../api/gateway';
import { base64url, deviceCertificateTbs, fromBase64url } from '../device/wire';
import type { GroupOwner, GroupStore } from './group-store';
import { credentialIdentity, type KeyPackageOwner, makeKeyPackage } from './key-package-factory';
import { parleySuite } from './suite';

/** A device that creates and keeps groups: signs, and holds the keys of its KeyPackages and groups. */
export type GroupDevice = DeviceSigner & GroupOwner;

/** The group id's length, as the SDK's. */
const GROUP_ID_BYTES = 32;

/** A device of someone the page was asked to add does not prove to be theirs: nothing was changed. */
export class DeviceUnverifiedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DeviceUnverifiedError';
  }
}

/** What opening a direct conversation did. */
export interface OpenedDirect {
  readonly conversation: Conversation;
  /** Whether this device created it now (else the pair had one, which this device reads once a member adds it). */
  readonly created: boolean;
  /** The devices added, as `user_id/device_id`. */
  readonly added: readonly string[];
  /** The group's epoch on this device. */
  readonly epoch: number;
}

export class DirectConversations {
  constructor(
    private readonly gateway: GatewayClient,
    private readonly realm: AuthenticationService,
    private readonly groups: GroupStore,
    private readonly nowSeconds: () => number = () => Math.floor(Date.now() / 1000),
  ) {}

  /** The direct conversation with `peerUserId`: created here with this device's group, or the pair's existing one. */
  async open(device: GroupDevice, peerUserId: string): Promise<OpenedDirect> {
    const groupId = crypto.getRandomValues(new Uint8Array(GROUP_ID_BYTES));
    const state = await newGroup(device, groupId, this.nowSeconds());
    const conversation = await this.gateway.openDirectConversation(device, peerUserId, base64url(groupId),
      base64url(await groupInfoOf(state)));
    if (conversation.groupId !== base64url(groupId)) {
      return { conversation, created: false, added: [], epoch: conversation.epoch };
    }
    await this.groups.save(device, conversation.conversationId, state);
    const { added, epoch } = await this.addDevices(device, conversation.conversationId, state,
      [peerUserId, device.userId]);
    return { conversation, created: true, added, epoch };
  }

  /**
   * Adds the unrevoked devices of `userIds` (this device excepted) to the group in one commit; returns them as
   * `user_id/device_id` and the epoch the group is at.
   */
  private async addDevices(device: GroupDevice, conversationId: string, state: ClientState,
    userIds: readonly string[]): Promise<{ added: string[]; epoch: number }> {
    const suite = await parleySuite();
    const realm = await this.realm.info();
    const keyPackages: KeyPackage[] = [];
    const refs: string[] = [];
    const added: string[] = [];
    for (const userId of new Set(userIds)) {
      const certified = await certifiedDevices(await this.realm.directory(userId), realm.realm);
      const wanted = [...certified.keys()].filter((deviceId) => !(userId === device.userId && deviceId === device.deviceId));
      if (wanted.length === 0) {
        continue;
      }
      for (const claimed of await this.gateway.claimKeyPackages(device, userId, wanted)) {
        const keyPackage = keyPackageOf(claimed.keyPackage);
        const deviceKey = certified.get(claimed.deviceId);
        const credential = keyPackage.leafNode.credential;
        if (!deviceKey || base64url(keyPackage.leafNode.signaturePublicKey) !== base64url(deviceKey)
          || credential.credentialType !== 'basic'
          || base64url(credential.identity) !== base64url(credentialIdentity(userId, claimed.deviceId))
          || !await verifyKeyPackage(keyPackage, suite.signature)
          || !await verifyLeafNodeSignatureKeyPackage(keyPackage.leafNode, suite.signature)) {
          throw new DeviceUnverifiedError(`The KeyPackage of device ${claimed.deviceId} of ${userId} does not carry the `
            + 'device key that their identity key certified; nothing was changed.');
        }
        keyPackages.push(keyPackage);
        refs.push(claimed.ref);
        added.push(`${userId}/${claimed.deviceId}`);
      }
    }
    if (keyPackages.length === 0) {
      return { added, epoch: Number(state.groupContext.epoch) };
    }
    const pending = await commitAdds(state, keyPackages);
    const msgId = 'c-' + hex(crypto.getRandomValues(new Uint8Array(12)));
    const accepted = await this.gateway.commit(device, conversationId, {
      msg_id: msgId, commit: base64url(pending.commit), ...(pending.welcome ? { welcome: base64url(pending.welcome) } : {}),
      group_info: base64url(pending.groupInfo), adds: refs, removes: [],
    });
    await this.groups.save(device, conversationId, pending.newState);
    return { added, epoch: accepted.epoch };
  }
}

/** A new group (epoch 0) with the device alone at leaf 0, no group context extensions (as the SDK's). */
export async function newGroup(device: KeyPackageOwner, groupId: Uint8Array, nowSeconds: number): Promise<ClientState> {
  const own = await makeKeyPackage(device, false, nowSeconds);
  return createGroup(groupId, own.keyPackage, own.privatePackage, [], await parleySuite());
}

/** A commit adding these KeyPackages, not applied: the successor state and the MLSMessages to send. */
export interface PendingCommit {
  readonly newState: ClientState;
  /** MLSMessage(PublicMessage) */
  readonly commit: Uint8Array;
  /** MLSMessage(Welcome) with the ratchet tree, when something is added */
  readonly welcome: Uint8Array | null;
  /** MLSMessage(GroupInfo) of the new epoch, with external_pub and the ratchet tree */
  readonly groupInfo: Uint8Array;
}

/** Commits Adds of the KeyPackages as a PublicMessage, the ratchet tree in the Welcome. */
export async function commitAdds(state: ClientState, keyPackages: readonly KeyPackage[]): Promise<PendingCommit> {
  const result = await createCommit({ state, cipherSuite: await parleySuite() }, {
    extraProposals: keyPackages.map((keyPackage) => ({ proposalType: 'add', add: { keyPackage } })),
    wireAsPublicMessage: true, ratchetTreeExtension: true,
  });
  return {
    newState: result.newState,
    commit: encodeMlsMessage(result.commit),
    welcome: result.welcome ? encodeMlsMessage({ version: 'mls10', wireformat: 'mls_welcome', welcome: result.welcome }) : null,
    groupInfo: await groupInfoOf(result.newState),
  };
}

/** The group's GroupInfo (MLSMessage) with `external_pub` and the ratchet tree inline. */
export async function groupInfoOf(state: ClientState): Promise<Uint8Array> {
  const groupInfo = await createGroupInfoWithExternalPubAndRatchetTree(state, [], await parleySuite());
  return encodeMlsMessage({ version: 'mls10', wireformat: 'mls_group_info', groupInfo });
}

function keyPackageOf(message: string): KeyPackage {
  const bytes = fromBase64url(message);
  const decoded = decodeMlsMessage(bytes, 0);
  if (!decoded || decoded[1] !== bytes.length || decoded[0].wireformat !== 'mls_key_package') {
    throw new DeviceUnverifiedError('A claimed KeyPackage is not a KeyPackage.');
  }
  return decoded[0].keyPackage;
}

/**
 * The user's unrevoked devices whose certificate verifies with the identity key of their directory entry, by device
 * id (raw device keys). A user without an identity key has none.
 */
async function certifiedDevices(entry: DirectoryEntry, realm: string): Promise<Map<string, Uint8Array>> {
  const devices = new Map<string, Uint8Array>();
  if (!entry.identity) {
    return devices;
  }
  const identityKey = await crypto.subtle.importKey('raw', fromBase64url(entry.identity.publicKey) as BufferSource,
    { name: 'Ed25519' }, false, ['verify']);
  for (const device of entry.devices) {
    if (device.revoked) {
      continue;
    }
    const deviceKey = fromBase64url(device.deviceKey);
    const tbs = deviceCertificateTbs(realm, entry.userId, device.deviceId, deviceKey, device.createdAt);
    if (!await crypto.subtle.verify({ name: 'Ed25519' }, identityKey, fromBase64url(device.certificate) as BufferSource,
      tbs as BufferSource)) {
      throw new DeviceUnverifiedError(`The certificate of device ${device.deviceId} of ${entry.username} does not verify `
        + 'with their identity key; nothing was changed.');
    }
    devices.set(device.deviceId, deviceKey);
  }
  return devices;
}

/** Lower-case hex: msg_ids are of `[A-Za-z0-9._:-]`, which base64url's `_` is not. */
export function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}
