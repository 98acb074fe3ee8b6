import { standingsOf, type Caller, type CaseAccessFacts } from '@perheverkko/access-model';
import type { ReportRecordRow, StoredReportRecord } from './annual-report.queries';

/**
 * "Other remarks" as a reader of the records gets them: the text, null where none was written, `{ erased: true }`
 * once the case's key was destroyed, or `{ withheld: 'remarks' }` for a coordinator who does not answer for the
 * case's organiser.
 */
type RemarksAsShown = string | null | { erased: true } | { withheld: 'remarks' };

export interface PublishedRecord extends ReportRecordRow {
  remarks: RemarksAsShown;
}

/** What opening remarks needs: the case's access facts, the case key, and the access log (written before anything is opened). */
export interface RemarksAccess {
  factsOf(caseId: string): Promise<CaseAccessFacts>;
  open(caseId: string, sealed: Record<string, unknown>): Promise<unknown>;
  logRead(caseId: string, basis: string): Promise<void>;
}

/**
 * The records as they leave: case ids dropped, remarks opened for the coordinators of the case's organiser (the
 * organisation that convenes it, the access model's `organiser-coordinator`) and withheld from other coordinators.
 * The remarks are personal free text: each case whose remarks are opened is logged as a read first, so a family's
 * processing history shows who read them; after the case key is destroyed they read as erased.
 */
export async function recordsWithRemarks(
  records: readonly StoredReportRecord[],
  caller: Caller,
  access: RemarksAccess,
  now = new Date(),
): Promise<PublishedRecord[]> {
  const readable = new Map<string, boolean>();
  for (const { caseId, sealedRemarks } of records) {
    if (sealedRemarks === null || readable.has(caseId)) continue;
    const coordinates = standingsOf(caller, await access.factsOf(caseId), now.toISOString()).some(
      (s) => s.role === 'organiser-coordinator',
    );
    if (coordinates) await access.logRead(caseId, 'organiser-coordinator');
    readable.set(caseId, coordinates);
  }
  return Promise.all(
    records.map(async ({ caseId, sealedRemarks, ...record }) => {
      if (sealedRemarks === null) return { ...record, remarks: null };
      if (!readable.get(caseId)) return { ...record, remarks: { withheld: 'remarks' as const } };
      const opened = await access.open(caseId, sealedRemarks);
      return { ...record, remarks: typeof opened === 'string' ? opened : { erased: true as const } };
    }),
  );
}

/** Remarks in a CSV cell: the text, empty where none was written, a marker where erased or withheld. */
export function remarksCell(remarks: RemarksAsShown): string {
  if (remarks === null) return '';
  if (typeof remarks === 'string') return remarks;
  return 'erased' in remarks ? '[erased]' : '[withheld]';
}
