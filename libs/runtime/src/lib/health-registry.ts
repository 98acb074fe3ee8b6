import { Injectable } from '@nestjs/common';
import { messageOf } from '@perheverkko/decider';

type HealthCheck = () => Promise<Record<string, unknown>>;

/** Each service module registers what it depends on; /health asks them all. */
@Injectable()
export class HealthRegistry {
  private readonly checks = new Map<string, HealthCheck>();

  register(name: string, check: HealthCheck): void {
    this.checks.set(name, check);
  }

  /** Adds to a check registered before (or starts it): both run, and the report holds what each returns. */
  extend(name: string, check: HealthCheck): void {
    const existing = this.checks.get(name);
    this.checks.set(name, existing ? async () => ({ ...(await existing()), ...(await check()) }) : check);
  }

  async run(): Promise<{ status: 'up' | 'down'; checks: Record<string, Record<string, unknown>> }> {
    const results = await Promise.all(
      [...this.checks].map(async ([name, check]) => {
        try {
          return [name, { status: 'up', ...(await check()) }] as const;
        } catch (error) {
          return [name, { status: 'down', error: messageOf(error) }] as const;
        }
      }),
    );
    const checks = Object.fromEntries(results);
    const status = results.every(([, r]) => r.status === 'up') ? 'up' : 'down';
    return { status, checks };
  }
}
