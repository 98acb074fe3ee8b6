// Validates Kubernetes manifests against the Kubernetes API schemas (kubernetes-models) and the Prometheus Operator's
// (@kubernetes-models/prometheus-operator), and prints one JSON line per document: { file, kind, name, errors, manifest }.
// Exit code 1 when any document is invalid. The schemas check types, required fields and enums; they let unknown
// fields through, so the specs check the fields that matter by name.
// Usage: node tools/deploy/validate-k8s.mjs <directory of *.yaml | one file, e.g. rendered by helm template>
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { parseAllDocuments } from 'yaml';

const given = process.argv[2];
if (!given) {
  process.stderr.write('usage: node tools/deploy/validate-k8s.mjs <directory | file.yaml>\n');
  process.exit(2);
}
const single = statSync(given).isFile();
const directory = single ? dirname(given) : given;
const models = {
  'v1/Namespace': () => import('kubernetes-models/v1/Namespace'),
  'v1/ConfigMap': () => import('kubernetes-models/v1/ConfigMap'),
  'v1/Service': () => import('kubernetes-models/v1/Service'),
  'apps/v1/Deployment': () => import('kubernetes-models/apps/v1/Deployment'),
  'autoscaling/v2/HorizontalPodAutoscaler': () => import('kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler'),
  'policy/v1/PodDisruptionBudget': () => import('kubernetes-models/policy/v1/PodDisruptionBudget'),
  'v1/Secret': () => import('kubernetes-models/v1/Secret'),
  'batch/v1/Job': () => import('kubernetes-models/batch/v1/Job'),
  'networking.k8s.io/v1/Ingress': () => import('kubernetes-models/networking.k8s.io/v1/Ingress'),
  'networking.k8s.io/v1/NetworkPolicy': () => import('kubernetes-models/networking.k8s.io/v1/NetworkPolicy'),
  'monitoring.coreos.com/v1/ServiceMonitor': () => import('@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/ServiceMonitor'),
  'monitoring.coreos.com/v1/PrometheusRule': () => import('@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PrometheusRule'),
};

let failed = false;
const files = single
  ? [basename(given)]
  : readdirSync(directory)
      .filter((f) => f.endsWith('.yaml') && f !== 'kustomization.yaml')
      .sort();
for (const file of files) {
  for (const document of parseAllDocuments(readFileSync(join(directory, file), 'utf8'))) {
    const manifest = document.toJS({ merge: true });
    if (manifest === null) continue; // an empty document (helm template leaves some)
    const key = `${manifest.apiVersion}/${manifest.kind}`;
    let errors = [];
    if (document.errors.length) errors = document.errors.map((e) => e.message);
    else if (!models[key]) errors = [`no schema known for ${key}`];
    else {
      const module = await models[key]();
      const Model = module[manifest.kind];
      try {
        new Model(manifest).validate();
      } catch (error) {
        errors = [error.message];
      }
    }
    if (errors.length) failed = true;
    process.stdout.write(`${JSON.stringify({ file, kind: manifest.kind, name: manifest.metadata?.name, errors, manifest })}\n`);
  }
}
process.exit(failed ? 1 : 0);
