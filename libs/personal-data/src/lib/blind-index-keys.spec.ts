import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BlindIndexKeys, loadBlindIndexKeys, type BlindIndexKeySetting } from './blind-index-keys';

const key = (fill: number) => Buffer.alloc(32, fill).toString('base64');
const index = (name: string): BlindIndexKeySetting => ({
  setting: `${name.toUpperCase()}_KEYS`,
  derivationInfo: `perheverkko/test/${name}/v1`,
  embeddedFile: `${name}-keys.txt`,
});

describe("blind indexes' keys", () => {
  it('should derive a key of its own for each index from the same master keys', () => {
    const config = { MASTER_KEYS: `m1:${key(3)}` };
    const one = new BlindIndexKeys(loadBlindIndexKeys(index('one'), config, {}));
    const other = new BlindIndexKeys(loadBlindIndexKeys(index('other'), config, {}));
    expect([one.ids, other.ids]).toEqual([['mk-m1'], ['mk-m1']]);
    expect(one.mac('mk-m1', 'text')).toHaveLength(32);
    expect(one.digest('mk-m1', 'text')).not.toBe(other.digest('mk-m1', 'text'));
  });

  it("should take the index's own setting first, naming it when it is wrong", () => {
    const keys = new BlindIndexKeys(
      loadBlindIndexKeys(index('one'), { MASTER_KEYS: `m1:${key(3)}` }, { ONE_KEYS: `a:${key(1)},b:${key(2)}` }),
    );
    expect([keys.ids, keys.activeId, keys.source]).toEqual([['a', 'b'], 'b', 'ONE_KEYS']);
    expect(() => loadBlindIndexKeys(index('one'), {}, { ONE_KEYS: 'a:short' })).toThrow(
      /Invalid configuration:\n {2}ONE_KEYS: key a must be 32 bytes/,
    );
  });

  it('should generate a key into DATA_DIR on the first start without keys, private, and read the same one after', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'perheverkko-blind-keys-'));
    try {
      const first = new BlindIndexKeys(loadBlindIndexKeys(index('one'), { DATA_DIR: dataDir }, {}));
      expect(first.source).toBe(`generated in ${join(dataDir, 'one-keys.txt')}`);
      expect(statSync(join(dataDir, 'one-keys.txt')).mode & 0o777).toBe(0o600);
      const again = new BlindIndexKeys(loadBlindIndexKeys(index('one'), { DATA_DIR: dataDir }, {}));
      expect(again.source).toBe(`read from ${join(dataDir, 'one-keys.txt')}`);
      expect(again.digest('demo', 'text')).toBe(first.digest('demo', 'text'));
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
