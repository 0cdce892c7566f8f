/**
 * Keeps this device's KeyPackages on the gateway topped up, by the SDK's rules (KeyPackagePool): {@link TARGET}
 * one-time KeyPackages and one last-resort KeyPackage. Each KeyPackage's private keys are kept (sealed) in this
 * browser before it is uploaded; a refused upload stored nothing on the gateway and its KeyPackages are forgotten
 * here too; an upload without an answer leaves them pending (harmless: a later refill counts the gateway's).
 */
import type { DeviceSigner, GatewayClient } from '../api/gateway';
import { GatewayError } from '../api/json-call';
import { base64url } from '../device/wire';
import { type GeneratedKeyPackage, generateKeyPackages, type KeyPackageOwner } from './key-package-factory';
import type { KeyPackageKeeper, KeyPackageStore } from './key-package-store';

/** One-time KeyPackages the gateway should hold for this device (the CLI's number). */
export const TARGET = 50;
/** The gateway's largest upload. */
export const MAX_BATCH = 100;
/** The frame the gateway pushes when a claim leaves this device below its low-water mark. */
export const KEY_PACKAGES_LOW = 'key_packages_low';

/** A device that makes, keeps and uploads its own KeyPackages. */
export type PoolDevice = DeviceSigner & KeyPackageOwner & KeyPackageKeeper;

/** What a refill did: how many it uploaded, and what the gateway holds now. */
export interface Refill {
  readonly oneTimeUploaded: number;
  readonly lastResortUploaded: boolean;
  readonly oneTime: number;
  readonly lastResort: boolean;
}

export class KeyPackagePool {
  private running: Promise<Refill> | null = null;
  private again = false;

  constructor(
    private readonly gateway: GatewayClient,
    private readonly store: Pick<KeyPackageStore, 'addPending' | 'markUploaded' | 'deletePending' | 'purgeExpired'>,
    private readonly nowSeconds: () => number = () => Math.floor(Date.now() / 1000),
  ) {}

  /**
   * Tops the gateway up to {@link TARGET} one-time KeyPackages and a last-resort one; does nothing when it holds
   * enough. Refills do not pile up: one asked for while another runs runs once after it.
   */
  refill(device: PoolDevice): Promise<Refill> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    const run = async (): Promise<Refill> => {
      try {
        let refill = await this.refillOnce(device);
        while (this.again) {
          this.again = false;
          refill = await this.refillOnce(device);
        }
        return refill;
      } finally {
        this.running = null;
      }
    };
    this.running = run();
    return this.running;
  }

  /**
   * A frame from the gateway's live connection: on `key_packages_low` for this device, refills (and resolves with
   * what it did); other frames are not this pool's (null).
   */
  async onFrame(frame: unknown, device: PoolDevice): Promise<Refill | null> {
    if (typeof frame !== 'object' || frame === null) {
      return null;
    }
    const { type, device_id: deviceId } = frame as Record<string, unknown>;
    if (type !== KEY_PACKAGES_LOW || (deviceId !== undefined && deviceId !== device.deviceId)) {
      return null;
    }
    return this.refill(device);
  }

  private async refillOnce(device: PoolDevice): Promise<Refill> {
    const now = this.nowSeconds();
    await this.store.purgeExpired(device, now);
    const count = await this.gateway.keyPackageCount(device);
    const missing = Math.max(0, TARGET - count.oneTime);
    const needLastResort = !count.lastResort;
    if (missing === 0 && !needLastResort) {
      return { oneTimeUploaded: 0, lastResortUploaded: false, oneTime: count.oneTime, lastResort: count.lastResort };
    }
    const oneTime = await generateKeyPackages(device, Math.min(missing, MAX_BATCH), false, now);
    const lastResort = needLastResort ? (await generateKeyPackages(device, 1, true, now))[0] ?? null : null;
    const all: GeneratedKeyPackage[] = lastResort ? [...oneTime, lastResort] : oneTime;
    await this.store.addPending(device, all);
    const refs = all.map((kp) => kp.ref);
    let upload;
    try {
      upload = await this.gateway.uploadKeyPackages(device, oneTime.map((kp) => base64url(kp.message)),
        lastResort ? base64url(lastResort.message) : null);
    } catch (error) {
      if (error instanceof GatewayError && error.status >= 400) {
        await this.store.deletePending(refs);
      }
      throw error;
    }
    await this.store.markUploaded(refs);
    return {
      oneTimeUploaded: oneTime.length, lastResortUploaded: lastResort !== null, oneTime: upload.oneTime,
      lastResort: upload.lastResort,
    };
  }
}
