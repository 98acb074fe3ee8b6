import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'yaml';
import { readKafkaConnection } from '@perheverkko/messaging';
import { loadPlatformConfig } from '@perheverkko/runtime';

const root = join(__dirname, '../..');
const SERVICES = ['intake', 'convening', 'meeting', 'plan-followup', 'reporting'];
/** Partitions per topic (ensureTopics' default): more consumers in a group than this would sit idle. */
const PARTITIONS = 6;

interface Validated {
  file: string;
  kind: string;
  name: string;
  errors: string[];
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- manifests are checked field by field below
  manifest: any;
}

async function validate(directory: string): Promise<{ documents: Validated[]; code: number }> {
  try {
    const { stdout } = await promisify(execFile)(process.execPath, ['tools/deploy/validate-k8s.mjs', directory], { cwd: root });
    return {
      documents: stdout
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line)),
      code: 0,
    };
  } catch (error) {
    const failure = error as { stdout: string; code: number };
    return {
      documents: failure.stdout
        .trim()
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line)),
      code: failure.code,
    };
  }
}

describe('Kubernetes manifests (infra/k8s)', () => {
  let documents: Validated[];

  beforeAll(async () => {
    const result = await validate('infra/k8s');
    documents = result.documents;
    expect(result.code).toBe(0);
  }, 60_000);

  const find = (kind: string, name: string) => documents.find((d) => d.kind === kind && d.name === name)?.manifest;

  it('should pass the Kubernetes API schemas, every document', () => {
    expect(documents.filter((d) => d.errors.length > 0)).toEqual([]);
    // Namespace and shared settings; per service a Deployment, Service, autoscaler and disruption budget; the console's three.
    expect(documents.length).toBe(2 + SERVICES.length * 4 + 3);
  });

  it('should list every manifest in the kustomization', () => {
    const kustomization = parse(readFileSync(join(root, 'infra/k8s/kustomization.yaml'), 'utf8')) as { resources: string[] };
    expect([...kustomization.resources].sort()).toEqual([...new Set(documents.map((d) => d.file))].sort());
  });

  it.each(SERVICES)('should run %s non-root, with probes, resources and a graceful termination period', (name) => {
    const deployment = find('Deployment', name);
    const pod = deployment.spec.template.spec;
    const [container] = pod.containers;
    expect(existsSync(join(root, 'apps', name, 'src', 'main.ts'))).toBe(true);
    expect(container.env).toContainEqual({ name: 'SERVICE', value: name });
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true });
    expect(container.securityContext).toMatchObject({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true });
    expect(container.livenessProbe.httpGet.path).toBe('/health/live');
    expect(container.readinessProbe.httpGet.path).toBe('/health/ready');
    expect(container.startupProbe.httpGet.path).toBe('/health/live');
    expect(container.resources.requests).toEqual({ cpu: expect.any(String), memory: expect.any(String) });
    expect(container.resources.limits.memory).toEqual(expect.any(String));
    expect(pod.terminationGracePeriodSeconds).toBeGreaterThanOrEqual(30);
    expect(deployment.spec.strategy.rollingUpdate.maxUnavailable).toBe(0);
    expect(deployment.spec.template.metadata.annotations['prometheus.io/path']).toBe('/metrics');
  });

  it.each(SERVICES)("should route %s's Service to its pods and scale it up to the partition count, never below two", (name) => {
    const labels = find('Deployment', name).spec.template.metadata.labels;
    expect(labels).toMatchObject(find('Service', name).spec.selector);
    const autoscaler = find('HorizontalPodAutoscaler', name);
    expect(autoscaler.spec.scaleTargetRef).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name });
    expect(autoscaler.spec.minReplicas).toBeGreaterThanOrEqual(2);
    expect(autoscaler.spec.maxReplicas).toBeLessThanOrEqual(PARTITIONS);
    expect(labels).toMatchObject(find('PodDisruptionBudget', name).spec.selector.matchLabels);
  });

  it.each(SERVICES)(
    'should connect %s to Kafka over SASL_SSL, trusting the mounted authority, with its own login from its own Secret',
    (name) => {
      const config = find('ConfigMap', 'perheverkko-config').data;
      expect(
        readKafkaConnection({
          ...config,
          KAFKA_SSL_CA_FILE: undefined,
          KAFKA_SASL_USERNAME: 'from-the-secret',
          KAFKA_SASL_PASSWORD: 'from-the-secret',
        }),
      ).toMatchObject({ problems: [], connection: { protocol: 'SASL_SSL' } });
      const pod = find('Deployment', name).spec.template.spec;
      const [container] = pod.containers;
      const mount = container.volumeMounts.find((m: { name: string }) => m.name === 'kafka-ca');
      expect(config.KAFKA_SSL_CA_FILE).toBe(`${mount.mountPath}/ca.pem`);
      expect(pod.volumes).toContainEqual({ name: 'kafka-ca', configMap: { name: 'kafka-ca' } });
      expect(container.envFrom).toContainEqual({ secretRef: { name: 'perheverkko-secrets' } });
      // Its own account: the ACLs let it write only its own topics (tools/kafka/grant-service-acls.ts).
      expect(container.envFrom).toContainEqual({ secretRef: { name: `perheverkko-kafka-${name}` } });
      expect(config.KAFKA_SASL_USERNAME).toBeUndefined();
    },
  );

  describe('the web console', () => {
    const settings = () => JSON.parse(find('ConfigMap', 'console-config').data['console-config.json']);

    it('should run nginx non-root on a read-only file system, probed, with its settings mounted where nginx serves them', () => {
      const deployment = find('Deployment', 'console');
      const pod = deployment.spec.template.spec;
      const [container] = pod.containers;
      expect(pod.securityContext).toMatchObject({ runAsNonRoot: true });
      expect(container.securityContext).toMatchObject({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true });
      for (const probe of ['startupProbe', 'livenessProbe', 'readinessProbe']) expect(container[probe].httpGet.path).toBe('/healthz');
      expect(container.resources.limits.memory).toEqual(expect.any(String));
      expect(deployment.spec.strategy.rollingUpdate.maxUnavailable).toBe(0);
      expect(deployment.spec.template.metadata.labels).toMatchObject(find('Service', 'console').spec.selector);
      // nginx.conf.template serves /console-config.json from this folder.
      const template = readFileSync(join(root, 'infra/console/nginx.conf.template'), 'utf8');
      const mount = container.volumeMounts.find((m: { name: string }) => m.name === 'console-config');
      expect(template).toContain(`alias ${mount.mountPath}/console-config.json;`);
      expect(pod.volumes).toContainEqual({
        name: 'console-config',
        configMap: { name: 'console-config', items: [{ key: 'console-config.json', path: 'console-config.json' }] },
      });
      // Written at start (the template, the pid): on volumes, the root file system stays read-only.
      expect(container.volumeMounts.map((m: { mountPath: string }) => m.mountPath)).toEqual(
        expect.arrayContaining(['/etc/nginx/conf.d', '/tmp']),
      );
    });

    it("should name the issuer and every service, let the console's policy reach them, and have the services allow its origin", () => {
      const consoleSettings = settings();
      expect(consoleSettings).toMatchObject({
        clientId: 'perheverkko-console',
        issuer: find('ConfigMap', 'perheverkko-config').data.OIDC_ISSUER,
      });
      expect(Object.keys(consoleSettings.api).sort()).toEqual(['convening', 'intake', 'meeting', 'planFollowup', 'reporting']);
      const connectSrc = String(find('ConfigMap', 'console-config').data.CONSOLE_CONNECT_SRC).split(/\s+/);
      for (const url of [consoleSettings.issuer, ...Object.values<string>(consoleSettings.api)])
        expect(connectSrc).toContain(new URL(url).origin);
      const config = find('ConfigMap', 'perheverkko-config').data;
      expect(loadPlatformConfig({ OIDC_ISSUER: config.OIDC_ISSUER, CONSOLE_ORIGINS: config.CONSOLE_ORIGINS }).consoleOrigins).toHaveLength(
        1,
      );
    });
  });

  it('should catch a manifest that breaks the schema', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'k8s-'));
    try {
      writeFileSync(
        join(directory, 'broken.yaml'),
        'apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: broken }\nspec: { replicas: two, selector: {}, template: { spec: { containers: [] } } }\n',
      );
      const result = await validate(directory);
      expect(result.code).toBe(1);
      expect(result.documents[0].errors.join(' ')).toMatch(/replicas/);
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  }, 60_000);
});
