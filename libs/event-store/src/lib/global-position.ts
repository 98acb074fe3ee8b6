import type { GlobalPosition } from './recorded-event';

export function comparePositions(a: GlobalPosition, b: GlobalPosition): number {
  if (a.commit !== b.commit) return a.commit < b.commit ? -1 : 1;
  if (a.prepare !== b.prepare) return a.prepare < b.prepare ? -1 : 1;
  return 0;
}

/** A checkpoint as text, e.g. for a checkpoint table or a Kafka header: `<commit>/<prepare>`. */
export function formatPosition(position: GlobalPosition): string {
  return `${position.commit}/${position.prepare}`;
}

export function parsePosition(text: string): GlobalPosition {
  const match = /^(\d+)\/(\d+)$/.exec(text);
  if (!match) throw new Error(`"${text}" is not a global position; expected "<commit>/<prepare>", e.g. "812/40"`);
  return { commit: BigInt(match[1]), prepare: BigInt(match[2]) };
}
