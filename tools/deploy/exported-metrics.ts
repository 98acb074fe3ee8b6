import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Histogram, Summary } from 'prom-client';
import { Metrics } from '@perheverkko/observability';

@Module({ providers: [Metrics] })
class MetricsOnly {}

/**
 * Every series name a service's `/metrics` can show, with the labels each carries, read from the process's own
 * registry (prom-client's defaults included): what alert rules and dashboards may
 * name. A histogram shows `_bucket` (with `le`), `_sum` and `_count`; a summary its name (with `quantile`), `_sum` and `_count`.
 */
export async function exportedSeries(): Promise<Map<string, string[]>> {
  const context = await NestFactory.createApplicationContext(MetricsOnly, { logger: false });
  try {
    const { registry } = context.get(Metrics);
    const series = new Map<string, string[]>();
    // By class, not by `type`: prom-client declares MetricType a numeric enum but sets strings ('histogram') at run time.
    for (const metric of registry.getMetricsAsArray()) {
      const { name } = metric;
      const labels = labelNamesOf(metric);
      if (metric instanceof Histogram) {
        series.set(`${name}_bucket`, [...labels, 'le']);
        series.set(`${name}_sum`, labels);
        series.set(`${name}_count`, labels);
      } else if (metric instanceof Summary) {
        series.set(name, [...labels, 'quantile']);
        series.set(`${name}_sum`, labels);
        series.set(`${name}_count`, labels);
      } else series.set(name, labels);
    }
    return series;
  } finally {
    await context.close();
  }
}

/** A metric's declared label names (prom-client keeps them on the instance but does not type them). */
function labelNamesOf(metric: object): string[] {
  const names: unknown = (metric as { labelNames?: unknown }).labelNames;
  return Array.isArray(names) ? names.filter((l): l is string => typeof l === 'string') : [];
}
