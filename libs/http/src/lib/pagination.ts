import {
  Injectable,
  SetMetadata,
  UseInterceptors,
  applyDecorators,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiExtension, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';
import { isRecord } from '@perheverkko/decider';
import type { Request, Response } from 'express';
import { map, type Observable } from 'rxjs';
import { PAGED_EXTENSION } from './openapi';
import { invalidField } from './validation';

/** The most rows one page of a list that was paged from the start carries: no list is unbounded. */
export const MAX_PAGE_SIZE = 100;
const DEFAULT_PAGE_SIZE = 25;

/**
 * A list that answered whole before it was paged (catalogues, the directory, report records, histories): its default
 * page is also its largest, generous enough that a client written before paging still gets the whole list in all
 * but the largest cases, and `next`/`Link` says when there is more (ADR 0020).
 */
export const WHOLE_LIST_PAGE_SIZE = 1000;

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

/** `limit` and `cursor` of a list that answered whole before it was paged: the default page is the largest. */
export class LongPageQueryDto {
  @ApiPropertyOptional({
    minimum: 1,
    maximum: WHOLE_LIST_PAGE_SIZE,
    default: WHOLE_LIST_PAGE_SIZE,
    description: 'rows per page',
  })
  @Max(WHOLE_LIST_PAGE_SIZE)
  @Min(1)
  @IsInt()
  @Type(() => Number)
  @IsOptional()
  limit?: number = WHOLE_LIST_PAGE_SIZE;

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

type KeyPart = string | number;

export const pageSizeOf = (query: { limit?: number }) => query.limit ?? DEFAULT_PAGE_SIZE;

/** A cursor for the page after the row with this sort key: opaque to clients (base64url JSON). */
export function cursorAfter(key: readonly KeyPart[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

const notACursor = () => invalidField('cursor', "is not a cursor this list gave: pass the previous page's `next` as it was");

/** A cursor's key as it was made: a non-empty array of strings and numbers, else a 400 on `cursor`. */
function decodedCursor(cursor: string): KeyPart[] {
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    key = undefined;
  }
  if (!Array.isArray(key) || key.length === 0) throw notACursor();
  const parts: KeyPart[] = [];
  for (const part of key) {
    if (typeof part !== 'string' && typeof part !== 'number') throw notACursor();
    parts.push(part);
  }
  return parts;
}

/** The sort key a cursor carries; one this API did not make is a 400 on `cursor`. */
export function keyOfCursor(cursor: string | undefined, shape: readonly ('string' | 'number')[]): Array<string | number> | undefined {
  if (cursor === undefined) return undefined;
  const key = decodedCursor(cursor);
  if (key.length === shape.length && key.every((part, i) => typeof part === shape[i])) return key;
  throw notACursor();
}

const compareKeys = (a: readonly KeyPart[], b: readonly KeyPart[]) => {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] < b[i] ? -1 : 1;
  return 0;
};

/**
 * One page of rows (each row's sort key: `keyOf`, strings compared as they are, numbers as numbers): those after the
 * cursor's key, at most `limit`, and the next page's cursor. For lists held in the process (filtered by the access
 * model, or a catalogue) before they are paged; the rows are put in their keys' order here.
 *
 * `list` names one list among others of the same shape (a case's history: its case): its cursors carry the name, and
 * a cursor of another list is a 400 on `cursor`, so a cursor never carries a caller from one list into another.
 */
export function pageOf<Row>(
  rows: readonly Row[],
  keyOf: (row: Row) => readonly KeyPart[],
  query: { limit?: number; cursor?: string },
  options: { list?: string } = {},
): Page<Row> {
  const scoped = (row: Row): KeyPart[] => (options.list === undefined ? [...keyOf(row)] : [options.list, ...keyOf(row)]);
  const sorted = [...rows].sort((a, b) => compareKeys(scoped(a), scoped(b)));
  const after = afterKeyOf(query.cursor, sorted.length > 0 ? scoped(sorted[0]) : undefined, options.list);
  const rest = after ? sorted.filter((row) => compareKeys(scoped(row), after) > 0) : sorted;
  const limit = pageSizeOf(query);
  const items = rest.slice(0, limit);
  return { items, next: rest.length > limit ? cursorAfter(scoped(items[items.length - 1])) : null };
}

/** The key a cursor names, checked against the list's name and the shape of its keys (any shape when the list is empty). */
function afterKeyOf(cursor: string | undefined, example: readonly KeyPart[] | undefined, list: string | undefined): KeyPart[] | undefined {
  if (cursor === undefined) return undefined;
  const key = decodedCursor(cursor);
  if (list !== undefined && key[0] !== list) throw invalidField('cursor', 'is the cursor of another list: start this list without one');
  if (!example) return key;
  return keyOfCursor(
    cursor,
    example.map((part) => (typeof part === 'number' ? 'number' : 'string')),
  );
}

/** The request's own path and query with `cursor` set to the next page's: where `Link: <…>; rel="next"` points. */
export function nextPageLink(request: Pick<Request, 'originalUrl'>, next: string): string {
  const url = new URL(request.originalUrl, 'http://here');
  url.searchParams.set('cursor', next);
  return `<${url.pathname}${url.search}>; rel="next"`;
}

const BARE_LIST = 'perheverkko:bare-list';

/**
 * A paged list's answer: `Link: <…>; rel="next"` (RFC 8288) when there is a next page, beside the body's `next`. A
 * list that answered a bare array before it was paged (`bare`) still does: the page's rows, and only the Link header
 * tells of more.
 */
@Injectable()
class PageLinkInterceptor implements NestInterceptor {
  constructor(private readonly reflector: Reflector) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<Request>();
    const response = context.switchToHttp().getResponse<Response>();
    const bare = this.reflector.get<boolean | undefined>(BARE_LIST, context.getHandler()) === true;
    return next.handle().pipe(
      map((body: unknown) => {
        if (!isRecord(body)) return body;
        if (typeof body.next === 'string') response.setHeader('Link', nextPageLink(request, body.next));
        return bare && Array.isArray(body.items) ? body.items : body;
      }),
    );
  }
}

/**
 * A paged list (ADR 0020): the handler answers a `Page` (or an object with `next` beside its rows), and the answer
 * carries the Link header to the next page. `bare`: a list that answered a bare array before it was paged answers
 * the page's rows as that array.
 */
export const Paged = (options: { bare?: boolean } = {}) =>
  applyDecorators(
    UseInterceptors(PageLinkInterceptor),
    SetMetadata(BARE_LIST, options.bare === true),
    // The document gets the Link header beside the answer's other headers (openapi.ts: a second 200 would replace them).
    ApiExtension(PAGED_EXTENSION, { bare: options.bare === true }),
  );
