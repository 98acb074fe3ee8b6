const KEY_ID = /^[A-Za-z0-9_-]{1,40}$/;

/**
 * A list of 256-bit keys as configured: `id:base64,id:base64…`, each key 32 random bytes (`npm run keys:generate`
 * makes one). Master keys, the access log's keys and the duplicate check's keys are all written this way; `setting`
 * names the one being read in what a wrong value says. In the order listed (the last is usually the active one).
 */
export function parseKeyList(
  spec: string,
  setting: string,
  fail = (reason: string) => new Error(`${setting}: ${reason}`),
): Map<string, Buffer> {
  const keys = new Map<string, Buffer>();
  for (const part of spec
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const separator = part.indexOf(':');
    const id = part.slice(0, separator);
    const key = Buffer.from(part.slice(separator + 1), 'base64');
    if (separator < 1 || !KEY_ID.test(id))
      throw fail(`"${part.slice(0, 12)}…" must look like <id>:<base64 of 32 random bytes> (npm run keys:generate makes one)`);
    if (key.length !== 32) throw fail(`key ${id} must be 32 bytes (base64 of 32 random bytes), got ${key.length}`);
    keys.set(id, key);
  }
  if (keys.size === 0) throw fail('names no key');
  return keys;
}
