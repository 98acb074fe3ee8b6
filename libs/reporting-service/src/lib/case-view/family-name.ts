import { isRecord } from '@perheverkko/decider';

const namesIn = (people: unknown): string[] =>
  Array.isArray(people) ? people.flatMap((p) => (isRecord(p) && typeof p.name === 'string' ? [p.name] : [])) : [];

/**
 * How a list names the family: the children's names as intake registered them (the guardians' where no child is
 * named); null once the case's personal data is erased (the opened fields read as erased).
 */
export function familyNameOf(opened: unknown): string | null {
  if (!isRecord(opened)) return null;
  const names = namesIn(opened.children);
  const shown = names.length > 0 ? names : namesIn(opened.guardians);
  return shown.length > 0 ? shown.join(', ') : null;
}
