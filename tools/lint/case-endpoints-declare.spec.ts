import 'reflect-metadata';
import { PATH_METADATA, METHOD_METADATA } from '@nestjs/common/constants';
import { ANY_PART, CASE_DATA_CATEGORIES, WHOLE_CASE } from '@perheverkko/access-model';
import { ConveningModule } from '@perheverkko/convening-service';
import { IntakeModule } from '@perheverkko/intake-service';
import { MeetingModule } from '@perheverkko/meeting-service';
import { PlanFollowupModule } from '@perheverkko/plan-followup-service';
import { PlatformModule } from '@perheverkko/platform';
import { ReportingModule } from '@perheverkko/reporting-service';

const CASE_DATA = 'perheverkko:case-data';

type Controller = new (...args: never[]) => object;

/** Every route of every service: its path, and what it declares about case data. */
function routes() {
  const modules = [IntakeModule, ConveningModule, MeetingModule, PlanFollowupModule, ReportingModule, PlatformModule];
  return modules.flatMap((module) =>
    ((Reflect.getMetadata('controllers', module) ?? []) as Controller[]).flatMap((controller) => {
      const base = String(Reflect.getMetadata(PATH_METADATA, controller) ?? '');
      return Object.getOwnPropertyNames(controller.prototype)
        .map((name) => (controller.prototype as Record<string, unknown>)[name])
        .filter(
          (handler): handler is object => typeof handler === 'function' && Reflect.getMetadata(METHOD_METADATA, handler) !== undefined,
        )
        .map((handler) => ({
          route: `${controller.name} ${base}/${String(Reflect.getMetadata(PATH_METADATA, handler))}`,
          rule: Reflect.getMetadata(CASE_DATA, handler) as { category: string; action: string } | undefined,
        }));
    }),
  );
}

describe('every endpoint that carries a case id declares its data category and action', () => {
  const all = routes();

  it('should find the services’ routes', () => {
    expect(all.length).toBeGreaterThan(40);
  });

  it.each(all.filter((r) => r.route.includes(':caseId')).map((r) => [r.route, r.rule] as const))('%s', (_route, rule) => {
    expect(rule).toBeDefined();
    expect([...CASE_DATA_CATEGORIES, WHOLE_CASE, ANY_PART]).toContain(rule?.category);
    expect(['read', 'act', 'reply']).toContain(rule?.action);
  });
});
