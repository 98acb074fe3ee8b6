import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { ESLint } from 'eslint';

const root = join(__dirname, '../..');

/**
 * The layering rules are only worth having if lint really refuses a breach. Each probe lints code as if it
 * stood in a real file of a library, and expects the boundary rule to name the breach.
 */
describe('module boundaries', () => {
  let eslint: ESLint;

  beforeAll(() => {
    // The boundary rule reads Nx's project graph; without a computed graph it silently skips itself.
    execFileSync(process.execPath, [join(root, 'node_modules/nx/dist/bin/nx.js'), 'show', 'projects'], {
      cwd: root,
      env: { ...process.env, NX_DAEMON: 'false' },
      stdio: 'ignore',
    });
    eslint = new ESLint({ cwd: root });
  }, 120_000);

  async function boundaryErrors(code: string, filePath: string): Promise<string[]> {
    const [result] = await eslint.lintText(code, { filePath: join(root, filePath) });
    return result.messages.filter((m) => m.ruleId === '@nx/enforce-module-boundaries').map((m) => m.message);
  }

  /** The boundary rule's errors for a file at `filePath` that imports `name` from `from` and exports it again. */
  const importErrors = (name: string, from: string, filePath: string) =>
    boundaryErrors(`import { ${name} } from '${from}';\nexport const x = ${name};\n`, filePath);

  it('should refuse NestJS in a pure domain library', async () => {
    const errors = await importErrors('Injectable', '@nestjs/common', 'libs/decider/src/index.ts');
    expect(errors.join('\n')).toMatch(/@nestjs\/common/);
  });

  it('should refuse a database client in a pure domain library', async () => {
    const errors = await importErrors('Pool', 'pg', 'libs/decider/src/index.ts');
    expect(errors.join('\n')).toMatch(/pg/);
  });

  it("should refuse one service importing another service's code", async () => {
    const errors = await importErrors('IntakeModule', '@perheverkko/intake-service', 'libs/convening-service/src/index.ts');
    expect(errors.length).toBeGreaterThan(0);
  });

  it('should allow a service to build on the shared platform', async () => {
    const errors = await importErrors('ServiceEventStoreModule', '@perheverkko/service-host', 'libs/convening-service/src/index.ts');
    expect(errors).toEqual([]);
  });

  it.each([
    ['runtime', 'observability', 'Metrics'],
    ['observability', 'http', 'answer'],
    ['http', 'access', 'AccessLogHost'],
    ['access', 'service-host', 'MessagingHost'],
    ['service-host', 'platform', 'PlatformModule'],
  ])("should refuse the platform's %s floor importing %s, a floor above it", async (floor, above, name) => {
    const errors = await importErrors(name, `@perheverkko/${above}`, `libs/${floor}/src/index.ts`);
    expect(errors.length).toBeGreaterThan(0);
  });

  it('should allow a platform floor to build on one below it', async () => {
    const errors = await importErrors('answer', '@perheverkko/http', 'libs/access/src/index.ts');
    expect(errors).toEqual([]);
  });
});
