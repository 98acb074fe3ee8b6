/** Where the console finds its identity provider and the five services: `console-config.json` beside index.html. */
export interface ConsoleConfig {
  issuer: string;
  clientId: string;
  /** Base URL per service; '' is the console's own origin (the embedded default serves all five there). */
  api: Record<ServiceName, string>;
}

export type ServiceName = 'intake' | 'convening' | 'meeting' | 'planFollowup' | 'reporting';

export async function loadConfig(): Promise<ConsoleConfig> {
  const response = await fetch(new URL('console-config.json', document.baseURI), { cache: 'no-store' });
  if (!response.ok) throw new Error(`console-config.json: HTTP ${response.status}`);
  const config = (await response.json()) as ConsoleConfig;
  return { ...config, issuer: config.issuer.replace(/\/$/, '') };
}
