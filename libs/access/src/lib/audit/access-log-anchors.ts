import { mkdir, open, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { AccessLogKeys } from './access-log-keys';
import { codeOf, isRecord } from '@perheverkko/decider';

/** One line of the anchor file: at `at`, the access log's head was entry `seq` with hash `hash`. */
export interface Anchor {
  at: string;
  seq: number;
  hash: string;
  /** The first entry of the keyed chain (entries before it are the unkeyed legacy prefix). */
  keyedFrom: number;
  keyId: string;
  /** HMAC-SHA-256 of the other fields under `keyId`: a line the database account wrote itself does not verify. */
  mac: string;
}

interface AnchorLine {
  /** 1-based line number in the file. */
  line: number;
  anchor?: Anchor;
  /** Why the line is not a valid anchor (unreadable, or its MAC does not verify). */
  invalid?: string;
}

/** A parsed line as an anchor, if it has every field an anchor has (whether its MAC verifies is checked apart). */
function anchorOf(parsed: unknown): Anchor | undefined {
  if (!isRecord(parsed)) return undefined;
  const { at, seq, hash, keyedFrom, keyId, mac } = parsed;
  const wellFormed =
    typeof at === 'string' &&
    Number.isInteger(seq) &&
    typeof seq === 'number' &&
    typeof hash === 'string' &&
    Number.isInteger(keyedFrom) &&
    typeof keyedFrom === 'number' &&
    typeof keyId === 'string' &&
    typeof mac === 'string';
  return wellFormed ? { ...parsed, at, seq, hash, keyedFrom, keyId, mac } : undefined;
}

function macParts(anchor: Omit<Anchor, 'mac'>): string[] {
  return ['perheverkko access log anchor', anchor.at, String(anchor.seq), anchor.hash, String(anchor.keyedFrom)];
}

/**
 * The chain's head, written outside the database: an append-only file of JSON lines. Each process appends one line
 * with a single write on a descriptor opened with O_APPEND (so lines of several processes never interleave) and
 * syncs it. A truncated or rewritten tail of the log no longer matches the last anchor.
 */
export class AnchorFile {
  constructor(readonly path: string) {}

  static sign(keys: AccessLogKeys, keyId: string, anchor: Omit<Anchor, 'keyId' | 'mac'>): Anchor {
    const unsigned = { ...anchor, keyId };
    return { ...unsigned, mac: keys.mac(keyId, ...macParts(unsigned)) };
  }

  async append(anchor: Anchor): Promise<void> {
    const line = Buffer.from(`${JSON.stringify(anchor)}\n`);
    await mkdir(dirname(this.path), { recursive: true });
    const handle = await open(this.path, 'a', 0o600);
    try {
      const { bytesWritten } = await handle.write(line);
      if (bytesWritten !== line.length) throw new Error(`short write to the anchor file ${this.path}`);
      await handle.sync();
    } finally {
      await handle.close();
    }
  }

  /**
   * The highest seq among the last lines (a cheap check whether the head is already anchored); -1 if none, so the
   * first anchor of an empty log (seq 0) still records where the keyed chain starts.
   */
  async lastSeq(): Promise<number> {
    let handle;
    try {
      handle = await open(this.path, 'r');
    } catch (error) {
      if (codeOf(error) === 'ENOENT') return -1;
      throw error;
    }
    try {
      const { size } = await handle.stat();
      const length = Math.min(size, 8192);
      const buffer = Buffer.alloc(length);
      await handle.read(buffer, 0, length, size - length);
      let last = -1;
      for (const text of buffer.toString('utf8').split('\n')) {
        try {
          const parsed: unknown = JSON.parse(text);
          const seq = isRecord(parsed) ? parsed.seq : undefined;
          if (typeof seq === 'number' && Number.isInteger(seq)) last = Math.max(last, seq);
        } catch {
          // a partial first line of the window, or an empty one
        }
      }
      return last;
    } finally {
      await handle.close();
    }
  }

  /** Every line, each either a verified anchor or the reason it is not one. No file: no lines. */
  async read(keys: AccessLogKeys): Promise<AnchorLine[]> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      if (codeOf(error) === 'ENOENT') return [];
      throw error;
    }
    const lines: AnchorLine[] = [];
    text.split('\n').forEach((raw, index) => {
      if (raw.trim() === '') return;
      const line = index + 1;
      let parsed: unknown;
      try {
        parsed = JSON.parse(raw);
      } catch {
        lines.push({ line, invalid: 'not a JSON line' });
        return;
      }
      const anchor = anchorOf(parsed);
      if (!anchor) lines.push({ line, invalid: 'missing fields' });
      else if (!keys.has(anchor.keyId)) lines.push({ line, invalid: `signed with key ${anchor.keyId}, which is not configured` });
      else if (!keys.verify(anchor.keyId, anchor.mac, ...macParts(anchor))) lines.push({ line, invalid: 'its MAC does not verify' });
      else lines.push({ line, anchor });
    });
    return lines;
  }
}
