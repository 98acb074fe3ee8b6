import { toCsv } from './reports.http';

describe('CSV exports: formula injection', () => {
  // What each starter becomes: the cell prefixed with a quote, and quoted as CSV where it holds a quote or a CR.
  it.each([
    ['=', `'=HYPERLINK(""http://evil.example"",""x"")`],
    ['+', `'+HYPERLINK(""http://evil.example"",""x"")`],
    ['-', `'-HYPERLINK(""http://evil.example"",""x"")`],
    ['@', `'@HYPERLINK(""http://evil.example"",""x"")`],
    ['\t', `'\tHYPERLINK(""http://evil.example"",""x"")`],
    ['\r', `'\rHYPERLINK(""http://evil.example"",""x"")`],
  ])('should prefix a string cell starting with %j with a single quote', (starter, cell) => {
    expect(toCsv([{ organizer: `${starter}HYPERLINK("http://evil.example","x")`, value: 3 }], ['organizer', 'value'])).toBe(
      `organizer,value\n"${cell}",3\n`,
    );
  });

  it('should keep numbers (negative ones too), ordinary names, empty cells and booleans as they are', () => {
    const csv = toCsv(
      [
        { section: 'municipalities', category: 'Pohjois-Savo/Kuopio/meetings', value: -2, exported: true },
        { section: 'intake', category: 'concerns', value: null, exported: false },
      ],
      ['section', 'category', 'value', 'exported'],
    );
    expect(csv).toBe('section,category,value,exported\nmunicipalities,Pohjois-Savo/Kuopio/meetings,-2,true\nintake,concerns,,false\n');
  });

  it('should neutralise a negative number that arrives as a string, and the full-width forms', () => {
    expect(toCsv([{ a: '-2', b: '＝1+1' }], ['a', 'b'])).toBe("a,b\n'-2,'＝1+1\n");
  });
});
