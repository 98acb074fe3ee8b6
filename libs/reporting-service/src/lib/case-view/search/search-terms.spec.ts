import { CaseSearchQueryRefused, caseSearchQueryProblem, searchTextsOf, searchTextsOfQuery } from './search-terms';

const AADA = { name: 'Äijälä Aada-Maria', identifier: '010118A9989', birthDate: '2018-01-01' };
const MARI = { name: 'Mari Virtanen', identifier: ' temp-mari-01 ' };

describe('what the case search compares', () => {
  describe('the texts kept for a registration', () => {
    const kept = searchTextsOf([AADA, MARI]);

    it('should keep each identifier whole, trimmed and in upper case', () => {
      expect(kept).toContain('identifier\n010118A9989');
      expect(kept).toContain('identifier\nTEMP-MARI-01');
    });

    it('should keep each name part by its prefixes of 3 letters and more, diacritics folded, in lower case', () => {
      const names = kept.filter((text) => text.startsWith('name-prefix\n')).map((text) => text.slice('name-prefix\n'.length));
      expect(names.sort()).toEqual(
        [
          'aij',
          'aija',
          'aijal',
          'aijala',
          'aad',
          'aada',
          'mar',
          'mari',
          'mari',
          'maria',
          'vir',
          'virt',
          'virta',
          'virtan',
          'virtane',
          'virtanen',
        ]
          .filter((name, i, all) => all.indexOf(name) === i)
          .sort(),
      );
    });

    it('should keep nothing of a person it cannot read (erased, or not a person)', () => {
      expect(searchTextsOf([{ erased: true }, null, 'Aada', { name: 42, identifier: '' }])).toEqual([]);
    });

    it('should keep a long name part only up to 40 letters, and a long query word still finds it', () => {
      const long = 'a'.repeat(50);
      const texts = searchTextsOf([{ name: long, identifier: 'TEMP-long' }]);
      expect(texts).toHaveLength(1 + 38);
      expect(texts).toEqual(expect.arrayContaining(searchTextsOfQuery(long)));
    });
  });

  describe('a query', () => {
    const kept = new Set(searchTextsOf([AADA, MARI]));
    const finds = (query: string) => searchTextsOfQuery(query).every((text) => kept.has(text));

    it.each([
      ['a name prefix', 'virt'],
      ['a whole surname', 'Virtanen'],
      ['a full name in the order written', 'Mari Virtanen'],
      ['a full name in the other order', 'virtanen mari'],
      ['diacritics written or not', 'AIJALA'],
      ['the identity code in lower case', '010118a9989'],
      ['a temporary identifier', 'TEMP-mari-01'],
      ['names of both the child and the guardian', 'aada virtanen'],
      ['a hyphenated name', 'aada-maria'],
      ["a name whose short part is left out (O'…)", "o'aij"],
    ])('should find %s (%j)', (_what, query) => {
      expect(finds(query)).toBe(true);
    });

    it.each([
      ['another surname', 'Korhonen'],
      ['a prefix not at the start of a part', 'tanen'],
      ['a name with one word that matches nothing', 'virtanen korhonen'],
      ['the identity code with another century sign', '010118-9989'],
    ])('should not find %s (%j)', (_what, query) => {
      expect(finds(query)).toBe(false);
    });

    it.each([
      ['nothing', '', /name someone/],
      ['spaces only', '  , ', /name someone/],
      ['two letters', 'vi', /word 1 is too short: a name is searched by its first 3 letters or more/],
      ['a short second word', 'virtanen ma', /word 2 is too short/],
      ['part of an identity code', '010118', /neither a name nor a whole identity code/],
      ['a name with a digit', 'virta9', /neither a name nor a whole identity code/],
      ['too many words', 'aaa bbb ccc ddd eee fff ggg hhh iii', /at most 8 words/],
      ['a very long query', 'a'.repeat(201), /at most 200 characters/],
    ])('should refuse %s, with a reason for q that does not repeat the query', (_what, query, reason) => {
      expect(() => searchTextsOfQuery(query)).toThrow(CaseSearchQueryRefused);
      expect(() => searchTextsOfQuery(query)).toThrow(expect.objectContaining({ field: 'q', reason: expect.stringMatching(reason) }));
      const problem = caseSearchQueryProblem(query);
      expect(problem).toMatch(reason);
      for (const word of query.split(/\s+/).filter((w) => /\w{3}/.test(w))) expect(problem).not.toContain(word);
    });

    it('should accept what it can ask', () => {
      expect(caseSearchQueryProblem('Virtanen Mari')).toBeUndefined();
    });
  });
});
