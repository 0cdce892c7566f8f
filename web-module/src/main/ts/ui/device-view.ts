import type { BrowserDevice } from '../device/browser-device';
import { element, setText } from './page';
import type { Refill } from '../mls/key-package-pool';
import type { Problem } from './problems';

/** The "This browser" part of the home view: the device this browser is, or why it is none. */
export function renderDevice(device: BrowserDevice): void {
  setText('device-status', device.registeredNow
    ? 'This browser is now one of your devices. Its keys never leave it.'
    : 'This browser is one of your devices. Its keys never leave it.');
  setText('device-id', device.deviceId);
  setText('device-label', device.label);
  setText('device-fingerprint', device.identityFingerprint.slice(0, 16) + (device.identityCreated ? ' (new)' : ''));
  element('device-facts').hidden = false;
  element('device-problem').hidden = true;
}

export function renderDeviceProblem(problem: Problem): void {
  setText('device-status', 'This browser is not one of your devices.');
  setText('device-problem-title', problem.title);
  setText('device-problem-detail', problem.detail);
  element('device-facts').hidden = true;
  element('device-problem').hidden = false;
}

/** How many KeyPackages the gateway holds for this browser, so that others can add it to conversations. */
export function renderKeyPackages(refill: Refill): void {
  setText('device-key-packages', `${refill.oneTime} on the server`
    + (refill.lastResort ? ', and a last-resort one' : ', and no last-resort one')
    + (refill.oneTimeUploaded > 0 || refill.lastResortUploaded ? ' (just uploaded)' : ''));
}

export function renderKeyPackagesProblem(problem: Problem): void {
  setText('device-key-packages', `Not uploaded: ${problem.title}. ${problem.detail} `
    + 'Others cannot add this browser to conversations until it uploads them; reload the page to try again.');
}
