import { v5 as uuidV5 } from 'uuid';

/** Fixed namespace for Perheverkko's derived ids (random once, never to change: ids derived from it are stored). */
const PERHEVERKKO_NAMESPACE = '6f1c1f0e-8a49-4c37-9e0b-5b7e3c2a9d14';

/**
 * The id of the n-th event a command produces. Derived, not random, so that a retried command produces the
 * same ids and the store recognises it instead of appending twice.
 */
export function eventIdFor(commandId: string, index: number): string {
  return uuidV5(`${commandId}#${index}`, PERHEVERKKO_NAMESPACE);
}
