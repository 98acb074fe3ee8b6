import { readFileSync } from 'node:fs';
import { Injectable } from '@nestjs/common';
import type { DirectoryEntry } from '@perheverkko/access-model';
import { messageOf } from '@perheverkko/decider';

/**
 * Sectors of the county's public services (wellbeing services county, municipality, schools and early education).
 * A responsible worker must come from one of them; what a caller says about it is not asked.
 */
const PUBLIC_SERVICE_SECTORS: readonly string[] = [
  'child health clinic',
  'school',
  'school social work',
  'school health care',
  'early childhood education',
  'family work',
  'family counselling',
  'family social work',
  'social work',
  'child and youth mental health',
  'substance-abuse services',
];

const entry = (e: Omit<DirectoryEntry, 'publicService'>): DirectoryEntry => ({
  ...e,
  publicService: PUBLIC_SERVICE_SECTORS.includes(e.sector),
});

/**
 * The professionals of the demo county, by sector: the family-centre team and the area's named services. The seed
 * for `npm start`, the demo and the tests (the demo users terhi and olli are in it); in a county the staff
 * directory is read from its own system behind `StaffDirectory`.
 */
export const DEMO_DIRECTORY: readonly DirectoryEntry[] = [
  entry({ id: 'demo-olli', name: 'Olli Opettaja', organisation: 'Kangasala school', sector: 'school' }),
  entry({ id: 'dir-kuraattori', name: 'Kaija Kuraattori', organisation: 'Kangasala school', sector: 'school social work' }),
  entry({
    id: 'dir-perhetyo',
    name: 'Pirjo Perhetyöntekijä',
    organisation: 'Family work',
    sector: 'family work',
    team: 'family-centre team',
  }),
  entry({
    id: 'dir-perheneuvola',
    name: 'Paavo Psykologi',
    organisation: 'Family counselling',
    sector: 'family counselling',
    team: 'family-centre team',
  }),
  entry({
    id: 'dir-varhaiskasvatus',
    name: 'Veera Varhaiskasvattaja',
    organisation: 'Päiväkoti Satakieli',
    sector: 'early childhood education',
  }),
  entry({
    id: 'demo-terhi',
    name: 'Terhi Terveydenhoitaja',
    organisation: 'Kangasala child health clinic',
    sector: 'child health clinic',
    team: 'family-centre team',
  }),
];

/**
 * Who is a professional, and where they work: one source for every service (convening invites from it, meeting
 * names attendees and responsible workers from it), so no service imports another's code.
 */
@Injectable()
export class StaffDirectory {
  private entries: readonly DirectoryEntry[] = DEMO_DIRECTORY;

  /** Another directory's entries (a county's, a test's): provide it with `{ provide: StaffDirectory, useValue }`. */
  static of(entries: readonly DirectoryEntry[]): StaffDirectory {
    const directory = new StaffDirectory();
    directory.entries = entries;
    return directory;
  }

  list(sector?: string): DirectoryEntry[] {
    return this.entries.filter((p) => !sector || p.sector === sector);
  }

  find(id: string | undefined): DirectoryEntry | undefined {
    return id === undefined ? undefined : this.entries.find((p) => p.id === id);
  }
}

/**
 * The directory a process uses: the county's file when STAFF_DIRECTORY_FILE names one (checked at start-up: a bad
 * entry stops the process with its position and the reason), else the demo directory.
 */
export function loadStaffDirectory(file: string | undefined): StaffDirectory {
  if (!file) return new StaffDirectory();
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`Invalid configuration:\n  STAFF_DIRECTORY_FILE: cannot read ${file} as JSON (${messageOf(error)})`);
  }
  if (!Array.isArray(parsed))
    throw new Error('Invalid configuration:\n  STAFF_DIRECTORY_FILE: must hold a JSON array of { id, name, organisation, sector, team? }');
  const entries = parsed.map((candidate: Record<string, unknown>, i) => {
    for (const field of ['id', 'name', 'organisation', 'sector'] as const) {
      if (typeof candidate?.[field] !== 'string' || !(candidate[field] as string).trim()) {
        throw new Error(`Invalid configuration:\n  STAFF_DIRECTORY_FILE: entry ${i}: ${field} must be a non-empty string`);
      }
    }
    if (candidate.team !== undefined && typeof candidate.team !== 'string')
      throw new Error(`Invalid configuration:\n  STAFF_DIRECTORY_FILE: entry ${i}: team must be a string`);
    const { id, name, organisation, sector, team } = candidate as {
      id: string;
      name: string;
      organisation: string;
      sector: string;
      team?: string;
    };
    return entry({ id, name, organisation, sector, ...(team ? { team } : {}) });
  });
  return StaffDirectory.of(entries);
}
