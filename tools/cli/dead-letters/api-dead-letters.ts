import type { Api } from '../api';
import { CommandFailed, UsageError } from '../usage-error';

/** GET /admin/dead-letters: a letter of an embedded consumer's table, without its payload. */
export interface TableLetter {
  id: string;
  schema: string;
  number: number;
  sourceTopic: string;
  consumer: string;
  failedAt: string;
  error: string;
  eventId: string | null;
  eventType: string | null;
  replayed: { at: string; by: string; outcome: string | null; times: number } | null;
}

interface ReplayAnswer {
  replayed: Array<{ id: string; sourceTopic: string; outcome: string }>;
  skipped: Array<{ id: string; replayedAt: string; by: string }>;
}

/** Which letters of the embedded default's tables a replay names: one, a range of one table, or all of a topic. */
export interface TableSelection {
  letter?: string;
  table?: string;
  from?: string;
  to?: string;
  topic?: string;
  all?: boolean;
}

const LETTER = /^([a-z][a-z0-9_]{0,62}):(\d{1,15})$/;
const NUMBER = /^\d{1,15}$/;

/** `<schema>:<n>` as the list names a letter. */
export function letterOption(letter: string): { schema: string; number: number } {
  const match = LETTER.exec(letter);
  if (!match) throw new UsageError(`--letter: "${letter.slice(0, 60)}" is not a letter id such as reporting:17 (see dead-letters list)`);
  return { schema: match[1], number: Number(match[2]) };
}

export function tableLine(letter: TableLetter): string {
  const replayed = letter.replayed
    ? `replayed ${letter.replayed.at} by ${letter.replayed.by}: ${letter.replayed.outcome ?? '(running)'}${letter.replayed.times > 1 ? ` (${letter.replayed.times} times)` : ''}`
    : 'not replayed';
  return `${letter.id}  ${letter.failedAt}  ${letter.eventType ?? '?'} ${letter.eventId ?? ''}  from ${letter.sourceTopic}  consumer ${letter.consumer}  ${replayed}\n    ${letter.error}\n`;
}

export const listFromApi = (api: Api, topic?: string) =>
  api.json<TableLetter[]>('GET', `/admin/dead-letters${topic ? `?topic=${encodeURIComponent(topic)}` : ''}`);

/** The replay's body for POST /admin/dead-letters/replay, each way of naming letters checked first. */
export function replayBody(selection: TableSelection, again: boolean, reason?: string): Record<string, unknown> {
  const ways = [selection.letter !== undefined, selection.table !== undefined, selection.all === true].filter(Boolean).length;
  if (ways !== 1) throw new UsageError('say which letters: --letter S:N, --table S --from N --to M, or --topic T --all');
  const extra = { ...(again ? { again: true } : {}), ...(reason ? { reason } : {}) };
  if (selection.letter !== undefined) return { ...letterOption(selection.letter), ...extra };
  if (selection.all) {
    if (!selection.topic) throw new UsageError('--topic: required with --all');
    return { topic: selection.topic, all: true, ...extra };
  }
  if (selection.from === undefined || selection.to === undefined) throw new UsageError('--table goes with --from and --to');
  for (const [name, value] of Object.entries({ from: selection.from, to: selection.to }))
    if (!NUMBER.test(value)) throw new UsageError(`--${name}: a letter's number, not "${value.slice(0, 20)}"`);
  return { schema: letterOption(`${selection.table}:1`).schema, from: Number(selection.from), to: Number(selection.to), ...extra };
}

/** Replays through the embedded default's API and prints what became of each letter. */
export async function replayThroughApi(api: Api, body: Record<string, unknown>, dryRun: boolean): Promise<void> {
  if (dryRun) {
    // What the server would take: the letters named, less those replayed before (unless --again).
    const named = (await listFromApi(api, typeof body.topic === 'string' ? body.topic : undefined)).filter((l) =>
      body.all
        ? true
        : l.schema === body.schema && l.number >= Number(body.number ?? body.from) && l.number <= Number(body.number ?? body.to),
    );
    if (named.length === 0) throw new CommandFailed('no dead letter there; dead-letters list shows them');
    for (const letter of named)
      process.stdout.write(
        letter.replayed && !body.again
          ? `skipped ${letter.id}: replayed ${letter.replayed.at} by ${letter.replayed.by} (--again replays it once more)\n`
          : `would replay ${letter.id} → ${letter.sourceTopic} through ${letter.consumer} (${letter.eventType ?? '?'} ${letter.eventId ?? ''})\n`,
      );
    return;
  }
  const answer = await api.json<ReplayAnswer>('POST', '/admin/dead-letters/replay', {}, body);
  for (const skipped of answer.skipped)
    process.stdout.write(`skipped ${skipped.id}: replayed ${skipped.replayedAt} by ${skipped.by} (--again replays it once more)\n`);
  for (const replayed of answer.replayed) process.stdout.write(`replayed ${replayed.id} → ${replayed.sourceTopic}: ${replayed.outcome}\n`);
  process.stdout.write(`${answer.replayed.length} replayed, ${answer.skipped.length} skipped (already replayed)\n`);
  if (answer.replayed.some((r) => r.outcome.startsWith('failed') || r.outcome === 'dead-lettered'))
    throw new CommandFailed('some letters failed again: see their outcome above (dead-letters show --letter …)');
}
