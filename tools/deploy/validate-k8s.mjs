// Validates every manifest under infra/k8s against the Kubernetes API schemas (kubernetes-models), and prints one
// JSON line per document: { file, kind, name, errors }. Exit code 1 when any document is invalid.
// Usage: node tools/deploy/validate-k8s.mjs [directory]
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';

const directory = process.argv[2] ?? 'infra/k8s';
const models = {
  'v1/Namespace': () => import('kubernetes-models/v1/Namespace'),
  'v1/ConfigMap': () => import('kubernetes-models/v1/ConfigMap'),
  'v1/Service': () => import('kubernetes-models/v1/Service'),
  'apps/v1/Deployment': () => import('kubernetes-models/apps/v1/Deployment'),
  'autoscaling/v2/HorizontalPodAutoscaler': () => import('kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler'),
  'policy/v1/PodDisruptionBudget': () => import('kubernetes-models/policy/v1/PodDisruptionBudget'),
};

let failed = false;
for (const file of readdirSync(directory)
  .filter((f) => f.endsWith('.yaml') && f !== 'kustomization.yaml')
  .sort()) {
  for (const document of parseAllDocuments(readFileSync(join(directory, file), 'utf8'))) {
    const manifest = document.toJS({ merge: true });
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
