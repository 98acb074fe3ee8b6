import { BadRequestException } from '@nestjs/common';
import { cursorAfter, keyOfCursor, nextPageLink, pageOf } from './pagination';

describe('paged lists', () => {
  const rows = ['a', 'b', 'c', 'd', 'e'].map((id, i) => ({ id, at: `2031-01-0${i + 1}` }));
  const keyOf = (row: { id: string; at: string }) => [row.at, row.id];

  it('should give the rows a page at a time, each page resuming after the last row of the one before', () => {
    const first = pageOf(rows, keyOf, { limit: 2 });
    expect(first.items.map((r) => r.id)).toEqual(['a', 'b']);
    const second = pageOf(rows, keyOf, { limit: 2, cursor: first.next ?? undefined });
    expect(second.items.map((r) => r.id)).toEqual(['c', 'd']);
    const last = pageOf(rows, keyOf, { limit: 2, cursor: second.next ?? undefined });
    expect(last).toEqual({ items: [rows[4]], next: null });
  });

  it('should refuse a cursor it did not give, naming the field', () => {
    const refused = (cursor: string) => () => keyOfCursor(cursor, ['string', 'string']);
    expect(refused('not base64 json')).toThrow(BadRequestException);
    expect(refused(cursorAfter(['only one']))).toThrow(BadRequestException);
    expect(refused(Buffer.from(JSON.stringify([1, 'x'])).toString('base64url'))).toThrow(BadRequestException);
    expect(keyOfCursor(cursorAfter(['2031-01-01', 'a']), ['string', 'string'])).toEqual(['2031-01-01', 'a']);
  });
});

describe('paged lists of one case (a history)', () => {
  const events = [3, 0, 2, 1, 10].map((revision) => ({ revision }));
  const keyOf = (event: { revision: number }) => [event.revision];

  it('should page by the numbers as numbers, whatever order the rows came in', () => {
    const first = pageOf(events, keyOf, { limit: 3 }, { list: 'concern:a' });
    expect(first.items.map((e) => e.revision)).toEqual([0, 1, 2]);
    const rest = pageOf(events, keyOf, { limit: 3, cursor: first.next ?? undefined }, { list: 'concern:a' });
    expect(rest).toEqual({ items: [{ revision: 3 }, { revision: 10 }], next: null });
  });

  it("should refuse another list's cursor, naming the field", () => {
    const other = pageOf(events, keyOf, { limit: 1 }, { list: 'concern:b' }).next ?? undefined;
    expect(() => pageOf(events, keyOf, { limit: 1, cursor: other }, { list: 'concern:a' })).toThrow(BadRequestException);
  });

  it('should answer an empty page, not an error, to a cursor of a list that has since emptied', () => {
    const cursor = cursorAfter(['concern:a', 4]);
    expect(pageOf([], keyOf, { cursor }, { list: 'concern:a' })).toEqual({ items: [], next: null });
    expect(() => pageOf([], keyOf, { cursor: 'e30' }, { list: 'concern:a' })).toThrow(BadRequestException);
  });

  it('should point the Link header at the same request with the next cursor', () => {
    expect(nextPageLink({ originalUrl: '/reports/records?from=2026&cursor=old&limit=2' }, 'WyJhIl0')).toBe(
      '</reports/records?from=2026&cursor=WyJhIl0&limit=2>; rel="next"',
    );
  });
});
