import { QuietStartLogger } from './quiet-start-logger';

describe('the text logger of a process run by hand', () => {
  let written: string[];
  let write: jest.SpyInstance;

  beforeEach(() => {
    written = [];
    write = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
  });

  afterEach(() => write.mockRestore());

  it("should leave out Nest's line per module and per route", () => {
    const logger = new QuietStartLogger();
    logger.log('IntakeModule dependencies initialized', 'InstanceLoader');
    logger.log('ConcernsController {/concerns}:', 'RoutesResolver');
    logger.log('Mapped {/concerns, POST} route', 'RouterExplorer');
    expect(written).toEqual([]);
  });

  it('should print everything else, as Nest prints it', () => {
    const logger = new QuietStartLogger();
    logger.log('embedded PostgreSQL closed cleanly', 'Database');
    logger.log('Nest application successfully started', 'NestApplication');
    expect(written.join('')).toMatch(/\[Database\].*embedded PostgreSQL closed cleanly[\s\S]*\[NestApplication\].*successfully started/);
  });
});
