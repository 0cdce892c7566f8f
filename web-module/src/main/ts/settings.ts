/**
 * What the gateway tells the web client about its realm: {@code GET config.json} next to index.html, never
 * cached, so that one bundle serves every deployment.
 */
export interface ClientSettings {
  /** The realm's issuer, exactly as in the access tokens' {@code iss} (the gateway's parley.oidc.issuer). */
  readonly issuer: string;
  /** The realm's public client of the web app (parley.web.client-id). */
  readonly clientId: string;
}

export async function loadSettings(appBase: URL): Promise<ClientSettings> {
  const response = await fetch(new URL('config.json', appBase), { cache: 'no-store', credentials: 'omit' });
  if (!response.ok) {
    throw new Error(`The gateway did not give the web client its settings (HTTP ${response.status}).`);
  }
  const body: unknown = await response.json();
  const issuer = isRecord(body) ? body['issuer'] : undefined;
  const clientId = isRecord(body) ? body['client_id'] : undefined;
  if (typeof issuer !== 'string' || typeof clientId !== 'string') {
    throw new Error('The gateway gave the web client settings it cannot read.');
  }
  return { issuer, clientId };
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
