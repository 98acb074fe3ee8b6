import { birthDateOfIdentityCode } from './identity-code';
import { matchQueriesOf, matchTextsOf, normaliseIdentityCode, normaliseName, sameChild } from './open-case-matching';

describe('finding the open case a registration is about', () => {
  describe('names', () => {
    it.each([
      ['Äijälä Aada', 'aada aijala'],
      ['  AADA   äijälä ', 'aada aijala'],
      ['Anna-Liisa Öhman', 'anna liisa ohman'],
      ["O'Brien Zoë", 'brien o zoe'],
      ['José Müller-Lüdenscheidt', 'jose ludenscheidt muller'],
    ])('should compare %j as %j (case, spaces, diacritics, hyphens and order do not count)', (name, normalised) => {
      expect(normaliseName(name)).toBe(normalised);
    });

    it('should keep every given name: a missing or different one is another name', () => {
      expect(normaliseName('Aada Maria Esimerkki')).not.toBe(normaliseName('Aada Esimerkki'));
      expect(normaliseName('Aada')).not.toBe(normaliseName('Ada'));
    });
  });

  describe('identity codes', () => {
    it('should read the birth date the code gives, in every century', () => {
      expect(birthDateOfIdentityCode('010118A9989')).toBe('2018-01-01');
      expect(birthDateOfIdentityCode('131052-308T')).toBe('1952-10-13');
      expect(birthDateOfIdentityCode('150230+1230')).toBe('1830-02-15');
      expect(birthDateOfIdentityCode('010594Y9032')).toBe('1994-05-01');
      expect(birthDateOfIdentityCode('010118A998P')).toBeUndefined();
    });

    it('should keep the century sign: the new signs are other people', () => {
      expect(normaliseIdentityCode(' 010594y9032 ')).toBe('010594Y9032');
      expect(sameChild({ name: 'A', identifier: '010594Y9032' }, { name: 'A', identifier: '010594-9032' })).toBeUndefined();
    });
  });

  describe('when both children have an identity code', () => {
    it('should match on the code alone, whatever the name', () => {
      expect(sameChild({ name: 'Aada Esimerkki', identifier: '010118A9989' }, { name: 'Ada Esimerki', identifier: '010118A9989' })).toBe(
        'identity-code',
      );
    });

    it('should never match two different codes, even with the same name and birth date (twins share both)', () => {
      expect(sameChild({ name: 'Aada', identifier: '020502E902X' }, { name: 'Aada', identifier: '020502A902X' })).toBeUndefined();
    });
  });

  describe('when a child has a temporary identifier', () => {
    const temporary = { name: 'Äijälä  Aada', identifier: 'TEMP-77A1', birthDate: '2018-01-01' };

    it('should match on normalised name and birth date, whatever the temporary identifiers are', () => {
      expect(sameChild(temporary, { name: 'aada aijala', identifier: 'TEMP-OTHER1', birthDate: '2018-01-01' })).toBe('name-and-birth-date');
      expect(sameChild(temporary, { name: 'Aada Äijälä', identifier: 'TEMP-OTHER1', birthDate: '2018-01-02' })).toBeUndefined();
      expect(sameChild(temporary, { name: 'Aada Äijälä-Koski', identifier: 'TEMP-OTHER1', birthDate: '2018-01-01' })).toBeUndefined();
    });

    it('should match a child registered under the identity code, whose birth date the code gives, in both orders', () => {
      const coded = { name: 'Aada Äijälä', identifier: '010118A9989' };
      expect(sameChild(coded, temporary)).toBe('name-and-birth-date');
      expect(sameChild(temporary, coded)).toBe('name-and-birth-date');
    });

    it('should not be compared without a birth date, and say so by having nothing to compare', () => {
      expect(matchQueriesOf({ name: 'Aada', identifier: 'TEMP-77A1' })).toEqual([]);
      expect(matchTextsOf({ name: 'Aada', identifier: 'TEMP-77A1' })).toEqual([]);
      expect(sameChild({ name: 'Aada', identifier: 'TEMP-1111' }, { name: 'Aada', identifier: 'TEMP-1111' })).toBeUndefined();
    });
  });

  it('should keep only texts that say nothing without the key: no text is kept in clear, only its digest (the service)', () => {
    // The texts are inputs to a keyed digest; what they contain is fixed here so a change is a deliberate one.
    expect(matchTextsOf({ name: 'Aada Äijälä', identifier: '010118A9989' })).toEqual([
      { kind: 'identity-code', text: 'identity-code\n010118A9989', fromIdentityCode: true },
      { kind: 'name-and-birth-date', text: 'name-and-birth-date\naada aijala\n2018-01-01', fromIdentityCode: true },
    ]);
  });
});
