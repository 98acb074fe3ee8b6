import { BadRequestException } from '@nestjs/common';
import { cursorAfter, keyOfCursor, pageOf } from './pagination';

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
