import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuplicateCheckKeys, EMBEDDED_DUPLICATE_CHECK_KEYS_FILE } from './duplicate-check-keys';

const key = (fill: number) => Buffer.alloc(32, fill).toString('base64');
const TEXT = 'identity-code\n010118A9989';

describe('the duplicate check keys', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'perheverkko-duplicate-keys-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  describe('when DUPLICATE_CHECK_KEYS is set', () => {
    it('should write under the last listed key and look up under every one', () => {
      const keys = DuplicateCheckKeys.load(
        { DATA_DIR: dataDir, MASTER_KEYS: `m:${key(9)}` },
        { DUPLICATE_CHECK_KEYS: `old:${key(1)},new:${key(2)}` },
      );
      expect(keys.activeId).toBe('new');
      expect(keys.digestsUnderEveryKey(TEXT)).toEqual([keys.digest('old', TEXT), keys.digest('new', TEXT)]);
      expect(keys.digest('new', TEXT)).toMatch(/^[0-9a-f]{64}$/);
      expect(keys.digest('new', TEXT)).not.toBe(keys.digest('old', TEXT));
    });

    it.each([
      ['no id', key(1), /must look like <id>:<base64/],
      ['a short key', `k:${Buffer.alloc(16).toString('base64')}`, /key k must be 32 bytes .*got 16/],
      ['a bad id', `bad id:${key(1)}`, /must look like <id>:<base64/],
    ])('should refuse %s, naming the setting', (_what, spec, reason) => {
      expect(() => DuplicateCheckKeys.load({ DATA_DIR: dataDir }, { DUPLICATE_CHECK_KEYS: spec })).toThrow(
        /Invalid configuration:\n {2}DUPLICATE_CHECK_KEYS: /,
      );
      expect(() => DuplicateCheckKeys.load({ DATA_DIR: dataDir }, { DUPLICATE_CHECK_KEYS: spec })).toThrow(reason);
    });
  });

  describe('when only MASTER_KEYS is set', () => {
    it('should derive the same keys in every process, apart from the master keys themselves, active with the active master key', () => {
      const a = DuplicateCheckKeys.load({ DATA_DIR: dataDir, MASTER_KEYS: `m1:${key(3)},m2:${key(4)}` }, {});
      const b = DuplicateCheckKeys.load(
        { DATA_DIR: join(dataDir, 'elsewhere'), MASTER_KEYS: `m1:${key(3)},m2:${key(4)}`, MASTER_KEY_ID: 'm1' },
        {},
      );
      expect([a.ids, a.activeId, b.activeId]).toEqual([['mk-m1', 'mk-m2'], 'mk-m2', 'mk-m1']);
      expect(a.digest('mk-m1', TEXT)).toBe(b.digest('mk-m1', TEXT));
      // Not the master key used as it is: a derived key of its own.
      expect(a.digest('mk-m1', TEXT)).not.toBe(DuplicateCheckKeys.parse(`x:${key(3)}`).digest('x', TEXT));
      expect(() => DuplicateCheckKeys.load({ DATA_DIR: dataDir, MASTER_KEYS: `m1:${key(3)}`, MASTER_KEY_ID: 'gone' }, {})).toThrow(
        /MASTER_KEY_ID: gone is not among MASTER_KEYS/,
      );
    });
  });

  describe('in the embedded default', () => {
    it('should generate one key into DATA_DIR, private to its user, and keep using it', () => {
      const first = DuplicateCheckKeys.load({ DATA_DIR: dataDir }, {});
      const file = join(dataDir, EMBEDDED_DUPLICATE_CHECK_KEYS_FILE);
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expect(readFileSync(file, 'utf8')).toMatch(/^demo:[A-Za-z0-9+/=]{44}$/);
      const again = DuplicateCheckKeys.load({ DATA_DIR: dataDir }, {});
      expect(again.digest(again.activeId, TEXT)).toBe(first.digest(first.activeId, TEXT));
    });
  });

  describe('the join reference', () => {
    const keys = DuplicateCheckKeys.parse(`old:${key(1)},new:${key(2)}`);

    it('should go with one case and one worker only, and say nothing of the case', () => {
      const reference = keys.joinReference('case-1', 'demo-olli');
      expect(reference).toMatch(/^oc_[0-9a-f]{32}$/);
      expect(reference).not.toContain('case-1');
      expect(keys.isJoinReference(reference, 'case-1', 'demo-olli')).toBe(true);
      expect(keys.isJoinReference(reference, 'case-2', 'demo-olli')).toBe(false);
      expect(keys.isJoinReference(reference, 'case-1', 'demo-terhi')).toBe(false);
      expect(keys.isJoinReference('oc_short', 'case-1', 'demo-olli')).toBe(false);
    });

    it('should still be accepted under an older listed key, as digests are', () => {
      expect(keys.isJoinReference(keys.joinReference('case-1', 'demo-olli', 'old'), 'case-1', 'demo-olli')).toBe(true);
      expect(
        keys.isJoinReference(DuplicateCheckKeys.parse(`other:${key(5)}`).joinReference('case-1', 'demo-olli'), 'case-1', 'demo-olli'),
      ).toBe(false);
    });
  });
});
