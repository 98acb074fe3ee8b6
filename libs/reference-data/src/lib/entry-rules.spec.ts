import { coordinatorKeeps, dependantsOf, entryProblems } from './entry-rules';
import { ReferenceBook } from './reference-book';

describe('what an entry of reference data must be', () => {
  const book = ReferenceBook.baseline('demo');

  it('should refuse names a person could not read or tell apart', () => {
    expect(entryProblems('organisers', 'x', { id: 'x', name: 'A\u202eevil', municipality: '211' }, book)[0].field).toBe('name');
    expect(entryProblems('organisers', 'x', { id: 'x', name: 'Line\r\nbreak', municipality: '211' }, book)).toHaveLength(1);
    expect(entryProblems('organisers', 'x', { id: 'x', name: ' Kangasala', municipality: '211' }, book)[0].reason).toMatch(/spaces/);
    expect(entryProblems('organisers', 'x', { id: 'x', name: 'kangasala FAMILY centre', municipality: '297' }, book)[0].reason).toMatch(
      /kangasala-family-centre already has this name/,
    );
    expect(entryProblems('organisers', 'x', { id: 'x', name: 'kuopio-family-centre', municipality: '297' }, book)[0].reason).toMatch(
      /already has this name \(or this id\)/,
    );
    expect(
      entryProblems(
        'organisers',
        'kangasala-family-centre',
        { id: 'kangasala-family-centre', name: 'Kangasala family centre', municipality: '211' },
        book,
      ),
    ).toEqual([]);
    expect(entryProblems('municipalities', '999', { code: '999', fi: 'Kangasala', sv: 'Kangasala', area: '11' }, book)[0].field).toBe('fi');
    expect(entryProblems('municipalities', '999', { code: '999', fi: '211', sv: 'X', area: '11' }, book)[0].reason).toMatch(/three digits/);
    expect(
      entryProblems('rooms', 'r', { id: 'r', name: 'Neuvola, room 2', organiser: 'kangasala-child-health-clinic' }, book)[0].reason,
    ).toMatch(/neuvola-2/);
    expect(entryProblems('rooms', 'r', { id: 'r', name: 'Neuvola, room 2', organiser: 'kuopio-family-centre' }, book)).toEqual([]);
  });

  it('should refuse a scale that cannot be answered and labels with the same key', () => {
    const label = { key: 'a', fi: 'a', sv: 'a', en: 'a' };
    expect(entryProblems('wellbeing-star', 'v', { version: 'v', scale: { min: 9, max: 1 }, areas: [label] }, book)[0].field).toBe('scale');
    expect(
      entryProblems('wellbeing-star', 'v', { version: 'v', scale: { min: 1, max: 5 }, areas: [label, label] }, book)[0].reason,
    ).toMatch(/a appear/);
    expect(
      entryProblems('feedback-forms', 'v', { version: 'v', scale: { min: 1, max: 5 }, items: [label, { ...label, key: 'b' }] }, book),
    ).toEqual([]);
  });

  it('should name what still depends on an entry before it is retired', () => {
    expect(dependantsOf('organisers', 'kangasala-child-health-clinic', book)).toEqual([
      'room neuvola-1',
      'room neuvola-2',
      'room neuvola-3',
    ]);
    expect(dependantsOf('municipalities', '297', book)).toEqual(['organiser kuopio-child-health-clinic', 'organiser kuopio-family-centre']);
    expect(dependantsOf('rooms', 'neuvola-1', book)).toEqual([]);
  });

  it("should let a coordinator keep only the organisers they coordinate and those organisers' rooms", () => {
    const kaisa = ['Family centre', 'Kangasala child health clinic', 'Kangasala school'];
    expect(coordinatorKeeps(kaisa, 'rooms', { id: 'r', name: 'R', organiser: 'kangasala-child-health-clinic' }, book)).toBe(true);
    expect(coordinatorKeeps(kaisa, 'rooms', { id: 'r', name: 'R', organiser: 'kuopio-family-centre' }, book)).toBe(false);
    expect(
      coordinatorKeeps(
        kaisa,
        'organisers',
        { id: 'kuopio-family-centre', name: 'Kuopio family centre (hijacked)', municipality: '297' },
        book,
      ),
    ).toBe(false);
    expect(coordinatorKeeps(kaisa, 'organisers', { id: 'k', name: 'kangasala child health clinic', municipality: '211' }, book)).toBe(true);
    expect(coordinatorKeeps(kaisa, 'municipalities', { code: '999', fi: 'X', sv: 'X', area: '08' }, book)).toBe(false);
  });
});
