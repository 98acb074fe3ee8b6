import { excelFiCsv, excelFiNumber } from './csv';
import type { Section } from './types';

const WORDS = { suppressed: 'suojattu', missing: 'ei saatu', total: 'Yhteensä' };
const HEAD = { columns: ['Osio', 'Luokka', 'Arvo'] as [string, string, string], lines: [] as Array<[string, string]> };

const csvOf = (sections: Section[], head = HEAD) => excelFiCsv(head, sections, WORDS);
/** The lines without the byte-order mark and the last CRLF. */
const linesOf = (csv: string) => csv.slice(1).split('\r\n').slice(0, -1);

describe('the CSV for Finnish Excel', () => {
  it('should begin with a UTF-8 byte-order mark, separate by semicolons and end every line with CRLF', () => {
    const csv = csvOf([{ id: 'zones', title: 'Huolet', unit: 'huolia', rows: [{ key: '3', label: 'Ääni ja öljy', value: 5 }], total: 10 }]);
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(Buffer.from(csv, 'utf8').subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(linesOf(csv)).toEqual(['Osio;Luokka;Arvo', 'Huolet;Ääni ja öljy;5', 'Huolet;Yhteensä;10']);
  });

  it('should write decimals with a comma and no grouping, never quoted', () => {
    expect(excelFiNumber(1234.56, 1)).toBe('1234,6');
    expect(excelFiNumber(12345)).toBe('12345');
    expect(excelFiNumber(3, 2)).toBe('3,00');
    const csv = csvOf([
      { id: 's', title: 'Palaute', unit: 'ka', rows: [{ key: 'a', label: 'Kuulluksi tuleminen', value: 4.25, decimals: 1 }] },
    ]);
    expect(linesOf(csv)[1]).toBe('Palaute;Kuulluksi tuleminen;4,3');
  });

  it('should write a suppressed value as the word for it, and one not received as that word, never as 0 or empty', () => {
    const csv = csvOf([
      {
        id: 'perMonth',
        title: 'Kuukausittain',
        unit: 'tapaamisia',
        rows: [
          { key: '2026-01', label: 'tammi', value: null },
          { key: '2026-02', label: 'helmi', value: null, missing: 'failed' },
          { key: '2026-03', label: 'maalis', value: null, missing: 'loading' },
        ],
        total: null,
      },
    ]);
    expect(linesOf(csv).slice(1)).toEqual([
      'Kuukausittain;tammi;suojattu',
      'Kuukausittain;helmi;ei saatu',
      'Kuukausittain;maalis;ei saatu',
      'Kuukausittain;Yhteensä;suojattu',
    ]);
  });

  it.each([
    ['=HYPERLINK("http://x")', `"'=HYPERLINK(""http://x"")"`],
    ['+358 40 123', "'+358 40 123"],
    ['-1+1', "'-1+1"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tTAB', "'\tTAB"],
    ['＝fullwidth', "'＝fullwidth"],
  ])('should escape a cell that a spreadsheet would run as a formula: %j', (label, written) => {
    const csv = csvOf([{ id: 'o', title: 'Järjestäjät', unit: 'tapaamisia', rows: [{ key: 'x', label, value: 5 }] }]);
    expect(linesOf(csv)[1]).toBe(`Järjestäjät;${written};5`);
  });

  it('should quote a cell holding a semicolon, a quote or a line break, and leave a negative number a number', () => {
    const csv = csvOf([{ id: 'o', title: 'A; "B"', unit: 'u', rows: [{ key: 'x', label: 'rivi\nkaksi', value: -5 }] }], {
      ...HEAD,
      lines: [['Ajanjakso', '2026-01 – 2026-12']],
    });
    expect(linesOf(csv).slice(1)).toEqual(['Ajanjakso;;2026-01 – 2026-12', '"A; ""B""";"rivi\nkaksi";-5']);
  });
});
