import { UserManager, WebStorageStateStore, type User } from 'oidc-client-ts';
import type { ClientSettings } from '../settings';
import { SignedOutError } from './signed-out-error';

/** Who is signed in, as the realm's ID token says. */
export interface SignedInUser {
  readonly username: string;
  readonly displayName: string;
}

/**
 * The sign-in with the realm: OpenID Connect authorization code flow with PKCE (S256) of the public client,
 * tokens renewed in the background with the refresh token, sign-out through the realm's end-session endpoint
 * (which ends the realm session, not just this tab's). Tokens stay in this tab's sessionStorage; the PKCE
 * verifier and state of a sign-in under way in localStorage until the realm redirects back.
 */
export class SignInSession {
  private readonly manager: UserManager;

  constructor(settings: ClientSettings, private readonly appBase: URL) {
    this.manager = new UserManager({
      authority: settings.issuer,
      client_id: settings.clientId,
      redirect_uri: appBase.href,
      post_logout_redirect_uri: appBase.href,
      response_type: 'code',
      scope: 'openid profile',
      automaticSilentRenew: true,
      monitorSession: false,
      loadUserInfo: false,
      userStore: new WebStorageStateStore({ store: window.sessionStorage }),
    });
  }

  /** Whether this page load is the realm's redirect back after a sign-in. */
  isRedirectBack(location: Location): boolean {
    const params = new URLSearchParams(location.search);
    return params.has('state') && (params.has('code') || params.has('error'));
  }

  /** Completes a sign-in from the realm's redirect (code exchange with the PKCE verifier), then cleans the URL. */
  async completeSignIn(): Promise<void> {
    try {
      await this.manager.signinRedirectCallback();
    } finally {
      window.history.replaceState(null, '', this.appBase.pathname);
    }
  }

  /** Whether this page load is the realm's redirect back after a sign-out. */
  isSignOutReturn(location: Location): boolean {
    const params = new URLSearchParams(location.search);
    return params.has('state') && !params.has('code') && !params.has('error');
  }

  /** Completes a sign-out that the realm redirected back from, then cleans the URL. */
  async completeSignOut(): Promise<void> {
    try {
      await this.manager.signoutRedirectCallback();
    } finally {
      window.history.replaceState(null, '', this.appBase.pathname);
    }
  }

  /** Sends the browser to the realm's sign-in page. */
  async signIn(): Promise<void> {
    await this.manager.signinRedirect();
  }

  /** Forgets the tokens here and ends the realm session; the realm sends the browser back to the app. */
  async signOut(): Promise<void> {
    const user = await this.manager.getUser();
    await this.manager.removeUser();
    if (user?.id_token) {
      await this.manager.signoutRedirect({ id_token_hint: user.id_token });
    } else {
      await this.manager.signoutRedirect();
    }
  }

  /** The signed-in user, or null when nobody is signed in (or the tokens can no longer be renewed). */
  async user(): Promise<SignedInUser | null> {
    const user = await this.liveUser();
    return user ? describe(user) : null;
  }

  /** A current access token for the gateway; renews it first when it has expired. */
  async accessToken(): Promise<string> {
    const user = await this.liveUser();
    if (!user) {
      throw new SignedOutError();
    }
    return user.access_token;
  }

  /** Calls back when the background renewal failed: the realm session is over, the user signs in again. */
  onRenewalFailed(callback: (error: Error) => void): void {
    this.manager.events.addSilentRenewError(callback);
  }

  private async liveUser(): Promise<User | null> {
    const user = await this.manager.getUser();
    if (!user) {
      return null;
    }
    if (!user.expired) {
      return user;
    }
    try {
      return await this.manager.signinSilent();
    } catch {
      await this.manager.removeUser();
      return null;
    }
  }
}

function describe(user: User): SignedInUser {
  const profile = user.profile;
  const username = profile.preferred_username ?? profile.sub;
  const displayName = profile.name ?? ([profile.given_name, profile.family_name].filter(Boolean).join(' ') || username);
  return { username, displayName };
}
