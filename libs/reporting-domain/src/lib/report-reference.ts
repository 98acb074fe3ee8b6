import { ReferenceBook } from '@perheverkko/reference-data';

/**
 * What the report's rules ask the reference data (ADR 0014): a municipality's county, the name a municipality and an
 * organiser are reported under. A value the reference data does not know (free text stored before it existed) is
 * reported as `unknown` (county, organiser) or as written (municipality). Passed in, so the rules stay pure.
 */
export type ReportReference = Pick<ReferenceBook, 'countyOf' | 'organiserName' | 'municipality'>;

/** The shipped baseline (with the demo county's organisers): what the rules use when no process-wide book is given. */
export const BASELINE_REFERENCE: ReportReference = ReferenceBook.baseline();

/** A municipality as reports name it: the classification's Finnish name (merged-away ones too), else as written. */
export function municipalityNameOf(reference: ReportReference, written: string | null | undefined): string | null {
  if (written === null || written === undefined) return null;
  return reference.municipality(written, { includeRetired: true })?.fi ?? written;
}
