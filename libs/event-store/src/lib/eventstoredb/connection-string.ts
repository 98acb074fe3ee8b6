type ClientParser = typeof import('@kurrent/kurrentdb-client/dist/Client/parseConnectionString');

/** The schemes accepted in EVENTSTOREDB_URL: EventStoreDB's old names and KurrentDB's new ones, each with `+discover`. */
export const KURRENT_SCHEMES = ['esdb', 'esdb+discover', 'kurrentdb', 'kurrentdb+discover', 'kdb', 'kdb+discover'] as const;

/** `esdb` still works in the client but prints a deprecation warning at every connect: it is passed on as `kurrentdb`. */
const RENAMED: Record<string, string> = { esdb: 'kurrentdb', 'esdb+discover': 'kurrentdb+discover' };

/**
 * EVENTSTOREDB_URL as the KurrentDB client takes it: the scheme in lower case and `esdb` renamed, the rest checked by
 * the client's parser (hosts, ports, `?tls=…` and the other options), so a typo stops the process at start-up rather
 * than at the first append. The error names the setting and the position but never repeats the value: it may hold a
 * password (`kurrentdb://admin:secret@host:2113`).
 */
export function normaliseKurrentConnectionString(value: string, setting = 'EVENTSTOREDB_URL'): string {
  const trimmed = value.trim();
  const match = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//.exec(trimmed);
  const scheme = match?.[1].toLowerCase();
  if (!match || !scheme || !(KURRENT_SCHEMES as readonly string[]).includes(scheme)) {
    const found = scheme && scheme.length <= 24 ? ` (found ${scheme}://)` : '';
    throw new Error(`${setting}: must start with ${KURRENT_SCHEMES.map((s) => `${s}://`).join(', ')}${found}`);
  }
  const renamed = RENAMED[scheme] ?? scheme;
  const normalised = `${renamed}://${trimmed.slice(match[0].length)}`;
  try {
    // The client's own parser, the one `KurrentDBClient.connectionString` runs first (the package has no `exports`
    // map); loaded here, not at import, as it takes a second and most processes have no EVENTSTOREDB_URL.
    (require('@kurrent/kurrentdb-client/dist/Client/parseConnectionString') as ClientParser).parseConnectionString(normalised);
  } catch (error) {
    const { location, expected } = error as { location?: [number, number]; expected?: string };
    if (!location || !expected) throw new Error(`${setting}: not a connection string the KurrentDB client accepts`);
    // Positions as the operator wrote the value (1-based), not as renamed.
    const at = location[0] - (renamed.length - scheme.length) + (value.length - value.trimStart().length) + 1;
    throw new Error(`${setting}: not a connection string the KurrentDB client accepts: at character ${at} it expects ${expected}`);
  }
  return normalised;
}
