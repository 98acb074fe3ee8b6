import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_DIRECTORY, loadStaffDirectory } from './staff-directory';

describe('the staff directory a process uses', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'perheverkko-directory-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const file = (name: string, content: string) => {
    const path = join(dir, name);
    writeFileSync(path, content);
    return path;
  };

  it('should be the demo directory when no file is configured', () => {
    expect(loadStaffDirectory(undefined).list()).toEqual(DEMO_DIRECTORY);
  });

  it("should read the county's file, deciding public service from the sector, not from the file", () => {
    const directory = loadStaffDirectory(
      file(
        'ok.json',
        JSON.stringify([
          {
            id: 'p-1',
            name: 'Sanna Sosiaalityöntekijä',
            organisation: 'Tampere family social work',
            sector: 'family social work',
            publicService: false,
          },
          { id: 'p-2', name: 'Seppo Seurakunta', organisation: 'Parish', sector: 'parish youth work' },
        ]),
      ),
    );
    expect(directory.find('p-1')).toMatchObject({ organisation: 'Tampere family social work', publicService: true });
    expect(directory.find('p-2')).toMatchObject({ publicService: false });
    expect(directory.find('demo-terhi')).toBeUndefined();
  });

  it('should stop the process naming the entry and the field when the file is wrong', () => {
    expect(() => loadStaffDirectory(file('bad.json', JSON.stringify([{ id: 'p-1', name: 'x', organisation: 'y' }])))).toThrow(
      /STAFF_DIRECTORY_FILE: entry 0: sector must be a non-empty string/,
    );
    expect(() => loadStaffDirectory(file('object.json', '{}'))).toThrow(/must hold a JSON array/);
    expect(() => loadStaffDirectory(join(dir, 'missing.json'))).toThrow(/STAFF_DIRECTORY_FILE: cannot read/);
  });
});
