import type { Command } from 'commander';
import type { ConnectionOptions } from './api';
import { UsageError } from './usage-error';

/** The API's URL as given, checked: http(s), no credentials or query in it, without a trailing slash. */
function apiUrl(given: string): string {
  let url: URL;
  try {
    url = new URL(given);
  } catch {
    throw new UsageError(`--url: "${given}" is not a URL (http://localhost:3000)`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UsageError(`--url: ${url.protocol} is not http or https`);
  if (url.username || url.password || url.search || url.hash)
    throw new UsageError('--url: only scheme, host, port and path (no credentials or query)');
  return url.toString().replace(/\/$/, '');
}

/** The root's connection options as a command sees them (commander keeps them on the program). */
export function connectionOf(command: Command): ConnectionOptions {
  const options = command.optsWithGlobals<{
    url: string;
    token?: string;
    clientId?: string;
    clientSecret?: string;
    issuer?: string;
    scope?: string;
    user?: string;
  }>();
  return {
    url: apiUrl(options.url),
    token: options.token || undefined,
    clientId: options.clientId || undefined,
    clientSecret: options.clientSecret || undefined,
    issuer: options.issuer ? apiUrl(options.issuer) : undefined,
    scope: options.scope,
    user: options.user,
  };
}
