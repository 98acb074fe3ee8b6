/**
 * How long each kind of record keeps its personal data, in years after the case closes. The longest retention
 * among a case's record types decides when its key is destroyed. Configured as `RETENTION_YEARS`, e.g.
 * `default:12,feedback:1`: the county's records management plan sets the real values.
 */
export class RetentionPolicy {
  private constructor(private readonly years: Map<string, number>) {}

  static parse(spec: string): RetentionPolicy {
    const years = new Map<string, number>();
    for (const part of spec
      .split(',')
      .map((p) => p.trim())
      .filter(Boolean)) {
      const [recordType, value] = part.split(':');
      const n = Number(value);
      if (!recordType || !/^[a-z][a-z0-9-]*$/.test(recordType) || !Number.isFinite(n) || n <= 0 || n > 120) {
        throw new Error(`RETENTION_YEARS: "${part}" must look like <record-type>:<years from 0 to 120>, e.g. default:12`);
      }
      years.set(recordType, n);
    }
    if (!years.has('default')) throw new Error('RETENTION_YEARS must give a default, e.g. default:12');
    return new RetentionPolicy(years);
  }

  yearsFor(recordType: string): number {
    return this.years.get(recordType) ?? this.years.get('default') ?? 0;
  }

  /** When personal data of this record type, in a case closed at `closedAt`, is to be erased. */
  eraseAfter(recordType: string, closedAt: Date): Date {
    const at = new Date(closedAt);
    const years = this.yearsFor(recordType);
    at.setUTCMonth(at.getUTCMonth() + Math.round(years * 12));
    return at;
  }
}
