import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';
import { invalidField } from './validation';

/** The most rows one page carries: no list is unbounded. */
export const MAX_PAGE_SIZE = 100;
const DEFAULT_PAGE_SIZE = 25;

/** `limit` and `cursor`, as every paged list takes them. */
export class PageQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE_SIZE, default: DEFAULT_PAGE_SIZE, description: 'rows per page' })
  @Max(MAX_PAGE_SIZE)
  @Min(1)
  @IsInt()
  @Type(() => Number)
  @IsOptional()
  limit?: number;

  @ApiPropertyOptional({ description: "the previous page's `next`, as it was given (opaque)" })
  @Length(1, 500)
  @IsString()
  @IsOptional()
  cursor?: string;
}

/** One page of a list: its rows, and the cursor of the next page (null on the last). */
export interface Page<Row> {
  items: Row[];
  next: string | null;
}

export const pageSizeOf = (query: PageQueryDto) => query.limit ?? DEFAULT_PAGE_SIZE;

/** A cursor for the page after the row with this sort key: opaque to clients (base64url JSON). */
export function cursorAfter(key: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

/** The sort key a cursor carries; one this API did not make is a 400 on `cursor`. */
export function keyOfCursor(cursor: string | undefined, shape: readonly ('string' | 'number')[]): Array<string | number> | undefined {
  if (cursor === undefined) return undefined;
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    key = undefined;
  }
  if (Array.isArray(key) && key.length === shape.length && key.every((part, i) => typeof part === shape[i])) return key;
  throw invalidField('cursor', "is not a cursor this list gave: pass the previous page's `next` as it was");
}

/**
 * One page of rows already in their list's order (each row's sort key: `keyOf`, strings compared as they are):
 * those after the cursor's key, at most `limit`, and the next page's cursor. For lists filtered in the process (by
 * the access model) before they are paged.
 */
export function pageOf<Row>(rows: readonly Row[], keyOf: (row: Row) => readonly string[], query: PageQueryDto): Page<Row> {
  const width = rows.length > 0 ? keyOf(rows[0]).length : 0;
  const after = keyOfCursor(
    query.cursor,
    Array.from({ length: width || 2 }, () => 'string' as const),
  )?.map(String);
  const compare = (a: readonly string[], b: readonly string[]) => {
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] < b[i] ? -1 : 1;
    return 0;
  };
  const rest = after ? rows.filter((row) => compare(keyOf(row), after) > 0) : [...rows];
  const limit = pageSizeOf(query);
  const items = rest.slice(0, limit);
  return { items, next: rest.length > limit ? cursorAfter(keyOf(items[items.length - 1])) : null };
}
