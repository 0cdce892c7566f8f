import { AuthenticationService } from './api/authentication-service';
import { GatewayClient } from './api/gateway';
import { SignInSession } from './auth/session';
import { DeviceRegistration } from './device/browser-device';
import { DeviceStore } from './device/device-store';
import { DirectConversations } from './mls/direct-conversations';
import { GroupStore } from './mls/group-store';
import { KeyPackagePool } from './mls/key-package-pool';
import { KeyPackageStore } from './mls/key-package-store';
import { Messaging } from './mls/messaging';
import { loadSettings } from './settings';
import { type ListedDirect, renderConversation, renderConversationList } from './ui/conversations-view';
import { renderDevice, renderDeviceProblem, renderKeyPackages, renderKeyPackagesProblem } from './ui/device-view';
import { element, setText, show } from './ui/page';
import { describeProblem } from './ui/problems';

/** Where the app is served (…/parley/app/); the gateway's API is its sibling …/parley/api/. */
const appBase = new URL('./', window.location.href);
const apiBase = new URL('../api/', appBase);
/** How often a tab that becomes visible again checks its KeyPackages on the gateway (no live connection yet). */
const KEY_PACKAGE_CHECK_MS = 5 * 60 * 1000;
/** How often the page reads the logs of its conversations (it has no live connection yet). */
const POLL_MS = 3000;
/** Whether the problem on screen is solved by signing in again (the retry button then does that). */
let signInAgain = false;

async function start(): Promise<void> {
  const settings = await loadSettings(appBase);
  const session = new SignInSession(settings, appBase);
  const accessToken = () => session.accessToken();
  const gateway = new GatewayClient(apiBase, accessToken);
  const realm = new AuthenticationService(settings.issuer, accessToken);
  const devices = new DeviceRegistration(realm, new DeviceStore(), settings.issuer);

  element('sign-in').addEventListener('click', () => run(() => session.signIn()));
  element('sign-out').addEventListener('click', () => run(() => session.signOut()));
  element('problem-retry').addEventListener('click', () =>
    run(() => (signInAgain ? session.signIn() : Promise.resolve(window.location.assign(appBase.href)))));
  session.onRenewalFailed(() => renderSignedOut());

  if (session.isRedirectBack(window.location)) {
    await session.completeSignIn();
  } else if (session.isSignOutReturn(window.location)) {
    await session.completeSignOut();
  }
  const user = await session.user();
  if (!user) {
    renderSignedOut();
    return;
  }
  const me = await gateway.me();
  setText('signed-in-as', `${user.displayName} (${me.username})`);
  setText('welcome', `Welcome, ${user.displayName}`);
  setText('me-username', me.username);
  setText('me-user-id', me.userId);
  setText('me-gateway', `${me.gatewayId}, server ${me.serverVersion}, protocol ${me.protocolVersion}`);
  element('account').hidden = false;
  show('home');
  let device;
  try {
    device = await devices.ensure();
  } catch (error) {
    renderDeviceProblem(describeProblem(error));
    return;
  }
  renderDevice(device);
  // The CLI's rule: a registered device tops its KeyPackages up now and whenever it (re)connects.
  const keyPackageStore = new KeyPackageStore();
  const pool = new KeyPackagePool(gateway, keyPackageStore);
  const keys = device.keys;
  let checked = 0;
  const refill = () => {
    checked = Date.now();
    pool.refill(keys).then(renderKeyPackages, (error: unknown) => renderKeyPackagesProblem(describeProblem(error)));
  };
  refill();
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible' && Date.now() - checked > KEY_PACKAGE_CHECK_MS) {
      refill();
    }
  });

  const groups = new GroupStore();
  const directs = new DirectConversations(gateway, realm, groups);
  const messaging = new Messaging(gateway, groups, keyPackageStore);
  const names = new Map<string, Promise<string>>();
  const known = new Map<string, string>();
  const nameOf = (userId: string): string => {
    if (!names.has(userId)) {
      names.set(userId, realm.directory(userId).then((entry) => entry.username, () => userId)
        .then((name) => {
          known.set(userId, name);
          return name;
        }));
    }
    return known.get(userId) ?? userId;
  };
  let conversations: ListedDirect[] = [];
  let selected: string | null = null;
  const showSelected = async () => {
    if (selected === null) {
      return;
    }
    const title = conversations.find((conversation) => conversation.conversationId === selected)?.title ?? selected;
    renderConversation(title, await messaging.history(keys, selected), keys.userId, nameOf);
  };
  const select = (conversationId: string) => {
    selected = conversationId;
    renderConversationList(conversations, selected, select);
    showSelected().catch((error: unknown) => setText('message-status', describeProblem(error).title));
  };
  let polling = false;
  const poll = async () => {
    if (polling) {
      return;
    }
    polling = true;
    try {
      const { held, failure } = await messaging.syncAll(keys);
      for (const conversation of held) {
        await Promise.all(conversation.peerUserIds.map((userId) => {
          nameOf(userId);
          return names.get(userId);
        }));
      }
      conversations = held.map((conversation) => ({
        conversationId: conversation.conversationId,
        title: conversation.peerUserIds.map(nameOf).join(', ') || 'Only you',
      }));
      for (const conversation of held) {
        if (await messaging.waiting(keys, conversation.conversationId) > 0) {
          await messaging.flush(keys, conversation.conversationId);
        }
      }
      if (selected === null && conversations.length > 0) {
        selected = conversations[0]?.conversationId ?? null;
      }
      renderConversationList(conversations, selected, select);
      await showSelected();
      setText('message-status', failure === null ? '' : `Not up to date: ${describeProblem(failure).title}.`);
    } catch (error) {
      setText('message-status', `Not up to date: ${describeProblem(error).title}.`);
    } finally {
      polling = false;
    }
  };
  void poll();
  window.setInterval(() => void poll(), POLL_MS);
  const messageForm = element('message-form') as HTMLFormElement;
  messageForm.addEventListener('submit', (event) => {
    event.preventDefault();
    const input = element('message-text') as HTMLInputElement;
    const text = input.value;
    const conversationId = selected;
    if (conversationId === null || text.trim() === '') {
      return;
    }
    input.value = '';
    const sending = messaging.send(keys, conversationId, text);
    void showSelected();
    sending.then(() => setText('message-status', ''),
      (error: unknown) => setText('message-status', `Not sent yet (it is kept and sent again): ${describeProblem(error).title}.`))
      .finally(() => void showSelected());
  });
  const form = element('direct-form') as HTMLFormElement;
  form.hidden = false;
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const username = (element('direct-username') as HTMLInputElement).value.trim();
    const button = element('direct-open') as HTMLButtonElement;
    button.disabled = true;
    setText('direct-result', `Starting a conversation with ${username}…`);
    realm.userByName(username)
      .then((peer) => directs.open(keys, peer.userId).then((opened) => setText('direct-result', opened.created
        ? `Direct conversation with ${peer.username}: ${opened.conversation.conversationId}, epoch ${opened.epoch}, `
          + `${opened.added.length} device(s) added.`
        : `You already have a direct conversation with ${peer.username}: ${opened.conversation.conversationId}.`))
        .then(() => poll()))
      .catch((error: unknown) => {
        const problem = describeProblem(error);
        setText('direct-result', `${problem.title}. ${problem.detail}`);
      })
      .finally(() => {
        button.disabled = false;
      });
  });
}

function renderSignedOut(): void {
  element('account').hidden = true;
  show('signed-out');
}

function renderProblem(error: unknown): void {
  const problem = describeProblem(error);
  setText('problem-title', problem.title);
  setText('problem-detail', problem.detail);
  signInAgain = problem.signInAgain;
  setText('problem-retry', signInAgain ? 'Sign in again' : 'Try again');
  if (signInAgain) {
    element('account').hidden = true;
  }
  show('problem');
}

function run(action: () => Promise<void>): void {
  action().catch(renderProblem);
}

run(start);
