import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ServiceProcess } from '@perheverkko/platform/testing';
import { exportedSeries } from './exported-metrics';
import { TARGET_LABELS, labelValuesIn, seriesIn } from './promql';

/**
 * The Grafana dashboard the chart ships (infra/helm/perheverkko/dashboards/perheverkko.json): it parses as a dashboard,
 * and every query names only series a running process's /metrics shows, with labels the services give them or
 * Prometheus adds when it scrapes them — so no panel stays empty because of a name.
 */
const root = join(__dirname, '../..');
const DASHBOARD = 'infra/helm/perheverkko/dashboards/perheverkko.json';

interface Target {
  refId: string;
  expr: string;
  legendFormat?: string;
  datasource: unknown;
}
interface Panel {
  id: number;
  type: string;
  title: string;
  description?: string;
  datasource?: unknown;
  gridPos: { x: number; y: number; w: number; h: number };
  targets?: Target[];
}
interface Dashboard {
  uid: string;
  title: string;
  schemaVersion: number;
  panels: Panel[];
  templating: { list: Array<{ name: string; type: string; query?: string | { query: string } }> };
}

/** The series names a Prometheus text exposition shows (`# TYPE` families, histograms and summaries expanded), with the labels its samples carry. */
function scraped(text: string): Map<string, Set<string>> {
  const series = new Map<string, Set<string>>();
  for (const [, name, type] of text.matchAll(/^# TYPE (\S+) (\S+)$/gm)) {
    const names =
      type === 'histogram'
        ? [`${name}_bucket`, `${name}_sum`, `${name}_count`]
        : type === 'summary'
          ? [name, `${name}_sum`, `${name}_count`]
          : [name];
    for (const n of names) series.set(n, new Set());
  }
  for (const [, name, labels] of text.matchAll(/^([a-zA-Z_:][\w:]*)\{([^}]*)\} \S+$/gm))
    for (const [, label] of labels.matchAll(/(\w+)="(?:[^"\\]|\\.)*"/g)) series.get(name)?.add(label);
  return series;
}

describe('Grafana dashboard', () => {
  const dashboard = JSON.parse(readFileSync(join(root, DASHBOARD), 'utf8')) as Dashboard;
  const panels = dashboard.panels.filter((p) => p.type !== 'row');
  const targets = panels.flatMap((panel) => (panel.targets ?? []).map((target) => ({ panel: panel.title, ...target })));
  const dataDir = mkdtempSync(join(tmpdir(), 'perheverkko-dashboard-'));
  let app: ServiceProcess | undefined;
  let metrics: Map<string, Set<string>>;
  let exported: Map<string, string[]>;

  beforeAll(async () => {
    // The embedded default: every service in one process, /metrics served without a token on a developer's machine.
    app = await ServiceProcess.start('standalone', { DATA_DIR: dataDir }, 120_000);
    await app.get('/health/ready');
    const scrape = await app.get('/metrics');
    expect(scrape.status).toBe(200);
    metrics = scraped(scrape.body);
    exported = await exportedSeries();
  }, 150_000);

  afterAll(async () => {
    try {
      await app?.stop();
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('should be a dashboard Grafana loads: unique panel ids, every query on the chosen Prometheus, panels within the grid', () => {
    expect(dashboard).toMatchObject({ uid: 'perheverkko', title: 'Perheverkko', schemaVersion: expect.any(Number) });
    const ids = dashboard.panels.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(dashboard.templating.list.find((v) => v.name === 'datasource')).toMatchObject({ type: 'datasource', query: 'prometheus' });
    for (const panel of panels) {
      expect({ panel: panel.title, datasource: panel.datasource }).toEqual({
        panel: panel.title,
        datasource: { type: 'prometheus', uid: '${datasource}' },
      });
      expect({ panel: panel.title, described: Boolean(panel.description), targets: (panel.targets ?? []).length > 0 }).toEqual({
        panel: panel.title,
        described: true,
        targets: true,
      });
      expect(panel.gridPos.x + panel.gridPos.w).toBeLessThanOrEqual(24);
      const refIds = (panel.targets ?? []).map((t) => t.refId);
      expect(new Set(refIds).size).toBe(refIds.length);
    }
  });

  it("should name in its queries only series the process's /metrics shows, with labels they carry or the scrape adds", () => {
    const queries = [
      ...targets.map((t) => ({ where: `${t.panel} ${t.refId}`, named: seriesIn(t.expr) })),
      ...dashboard.templating.list
        .filter((v) => v.type === 'query')
        .map((v) => {
          const query = typeof v.query === 'string' ? v.query : (v.query?.query ?? '');
          const named = labelValuesIn(query);
          expect({ variable: v.name, query, understood: Boolean(named) }).toMatchObject({ understood: true });
          return { where: `variable ${v.name}`, named: named ? [named] : [] };
        }),
    ];
    for (const { where, named } of queries) {
      expect({ where, named: named.length > 0 }).toEqual({ where, named: true });
      for (const { name, labels } of named) {
        expect({ where, name, onMetrics: metrics.has(name) }).toEqual({ where, name, onMetrics: true });
        const known = [...(exported.get(name) ?? []), ...TARGET_LABELS];
        for (const label of labels)
          expect({ where, name, label, known: known.includes(label) }).toEqual({ where, name, label, known: true });
      }
    }
  });

  it('should read the labels it names from the registry the process serves, and show every metric of the services', () => {
    // exportedSeries (the labels checked above) is what /metrics shows: every series and every label seen there.
    for (const [name, labels] of metrics) {
      expect({ name, exported: exported.has(name) }).toEqual({ name, exported: true });
      for (const label of labels)
        expect({ name, label, declared: exported.get(name)!.includes(label) }).toEqual({ name, label, declared: true });
    }
    // Commands, HTTP and append latency, relay, consumer and projection lag, dead letters: each has a panel.
    const shown = new Set(targets.flatMap((t) => seriesIn(t.expr).map((s) => s.name.replace(/_(bucket|sum|count)$/, ''))));
    const families = [...metrics.keys()]
      .filter((name) => name.startsWith('perheverkko_'))
      .map((name) => name.replace(/_(bucket|sum|count)$/, ''));
    expect([...new Set(families)].filter((family) => !shown.has(family))).toEqual([]);
    expect(families.length).toBeGreaterThanOrEqual(7);
  });

  it('should name in each legend only labels its query keeps', () => {
    for (const target of targets) {
      const legend = [...(target.legendFormat ?? '').matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]);
      const kept =
        /\b(?:by|without)\s*\(([^)]*)\)/
          .exec(target.expr)?.[1]
          .split(',')
          .map((l) => l.trim()) ?? [];
      for (const label of legend)
        expect({ panel: target.panel, label, kept: kept.includes(label) }).toEqual({ panel: target.panel, label, kept: true });
    }
  });
});
