import { counted } from './annual-report.queries';

describe('counts per category', () => {
  it("should count categories named like Object's own members as any other name", () => {
    const counts = counted(
      ['a'],
      [
        { key: 'constructor', n: '1' },
        { key: 'hasOwnProperty', n: 2 },
        { key: '__proto__', n: 3 },
        { key: '__proto__', n: 1 },
        { key: null, n: 4 },
      ],
    );
    expect(Object.entries(counts)).toEqual([
      ['a', 0],
      ['constructor', 1],
      ['hasOwnProperty', 2],
      ['__proto__', 4],
      ['unknown', 4],
    ]);
    expect(JSON.stringify(counts)).toBe('{"a":0,"constructor":1,"hasOwnProperty":2,"__proto__":4,"unknown":4}');
    expect(Object.values(counts).reduce((sum, n) => sum + n, 0)).toBe(11);
    expect(Object.getPrototypeOf(counts)).toBe(Object.prototype);
  });
});
