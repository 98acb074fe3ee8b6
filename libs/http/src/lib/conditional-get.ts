import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { Request, Response } from 'express';
import { map, type Observable } from 'rxjs';

/** Whether an If-None-Match header names this ETag (a list, `*`, weak or strong: RFC 9110 §13.1.2 compares weakly). */
export function noneMatchNames(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  const opaque = (tag: string) => tag.trim().replace(/^W\//, '');
  return ifNoneMatch.split(',').some((tag) => tag.trim() === '*' || opaque(tag) === opaque(etag));
}

/**
 * A GET whose answer carries an ETag the client already holds (If-None-Match) is answered 304 without a body. The
 * origin evaluates the precondition whatever Cache-Control the request carries (RFC 9110 §13.2.2): Express's own
 * check skips it on `Cache-Control: no-cache`, which fetch() adds to every request that sets If-None-Match itself.
 */
@Injectable()
export class ConditionalGetInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<Request>();
    const response = context.switchToHttp().getResponse<Response>();
    return next.handle().pipe(
      map((body: unknown) => {
        const etag = response.getHeader('ETag');
        if ((request.method !== 'GET' && request.method !== 'HEAD') || typeof etag !== 'string') return body;
        if (response.statusCode >= 300 || !noneMatchNames(request.headers['if-none-match'], etag)) return body;
        response.status(304);
        return undefined;
      }),
    );
  }
}
