import { namePartsOf, normaliseIdentityCode } from './person-names';

describe("people's names and identifiers as compared", () => {
  it.each([
    ['Äijälä Aada', ['aijala', 'aada']],
    ['  AADA   äijälä ', ['aada', 'aijala']],
    ['Anna-Liisa Öhman', ['anna', 'liisa', 'ohman']],
    ["O'Brien Zoë", ['o', 'brien', 'zoe']],
    ['José Müller-Lüdenscheidt', ['jose', 'muller', 'ludenscheidt']],
    ['', []],
    [' - ', []],
  ])('should part %j as %j (case, spaces, diacritics and hyphens do not count; the order written is kept)', (name, parts) => {
    expect(namePartsOf(name)).toEqual(parts);
  });

  it('should keep the century sign of an identity code', () => {
    expect(normaliseIdentityCode(' 010594y9032 ')).toBe('010594Y9032');
    expect(normaliseIdentityCode('010594-9032')).not.toBe(normaliseIdentityCode('010594Y9032'));
  });
});
