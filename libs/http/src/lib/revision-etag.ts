import {
  Injectable,
  UseInterceptors,
  applyDecorators,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import { isRecord } from '@perheverkko/decider';
import type { Response } from 'express';
import { map, type Observable } from 'rxjs';
import { ApiRevisionETag } from './openapi';

/**
 * A read of something commands change answers with its `revision` as a strong ETag: the value a command takes back
 * in If-Match, and an If-None-Match that names it answers 304 (ConditionalGetInterceptor).
 */
@Injectable()
class RevisionETagInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const response = context.switchToHttp().getResponse<Response>();
    return next.handle().pipe(
      map((view: unknown) => {
        if (isRecord(view) && typeof view.revision === 'number') response.setHeader('ETag', `"${view.revision}"`);
        return view;
      }),
    );
  }
}

/** The endpoint's answer carries its revision as its ETag. */
export const RevisionETag = () => applyDecorators(UseInterceptors(RevisionETagInterceptor), ApiRevisionETag());
