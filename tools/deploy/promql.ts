/** Labels Prometheus puts on every series it scrapes through the chart's ServiceMonitor (the target's). */
export const TARGET_LABELS = ['namespace', 'pod', 'service', 'container', 'endpoint', 'job', 'instance'];

/**
 * The series a PromQL expression names, with the labels it matches or groups by — for the expressions the chart's
 * alerts and the dashboard write (no `on`/`ignoring`, no `offset`, durations only inside brackets). Grafana's
 * variables ($namespace, $__rate_interval) are left where they stand: inside label values or brackets.
 */
export function seriesIn(expr: string): Array<{ name: string; labels: string[] }> {
  const grouping = [...expr.matchAll(/\b(?:by|without)\s*\(([^)]*)\)/g)].flatMap((m) => m[1].split(',').map((l) => l.trim()));
  const keywords = new Set(['and', 'or', 'unless', 'by', 'without', 'on', 'ignoring', 'group_left', 'group_right', 'bool', 'offset']);
  const stripped = expr
    .replace(/\b(?:by|without)\s*\([^)]*\)/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(/\b\d+(?:\.\d+)?\b/g, ' ');
  return [...stripped.matchAll(/([a-zA-Z_:][\w:]*)\s*(\{([^}]*)\})?(\s*\()?/g)]
    .filter((m) => !m[4] && !keywords.has(m[1]))
    .map((m) => ({ name: m[1], labels: [...grouping, ...[...(m[3] ?? '').matchAll(/(\w+)\s*(?:=~|!~|!=|=)/g)].map((l) => l[1])] }));
}

/** Grafana's `label_values(<series>, <label>)` in a variable's query: the series and the label it lists. */
export function labelValuesIn(query: string): { name: string; labels: string[] } | undefined {
  const match = /^label_values\((.*),\s*(\w+)\)$/.exec(query.trim());
  if (!match) return undefined;
  const [series] = seriesIn(match[1]);
  return series && { name: series.name, labels: [...series.labels, match[2]] };
}
