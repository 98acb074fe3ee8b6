import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { from, mergeMap, type Observable } from 'rxjs';
import type { AuthenticatedRequest } from '../auth/access.guard';
import { AccessLogHost } from './access-log-host';

/**
 * Writes every allowed read of case data (and every command on a case, as `act`) to the access log before the
 * answer leaves: if the log cannot be written, the caller gets an error, never unlogged data.
 */
@Injectable()
export class CaseReadLogger implements NestInterceptor {
  constructor(private readonly accessLog: AccessLogHost) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    return next.handle().pipe(
      mergeMap((body) => {
        const { caseAccess, user } = request;
        if (!caseAccess || !user) return from([body]);
        return from(
          this.accessLog
            .record({
              actorId: user.id,
              actorRole: user.roles.join(','),
              organisation: user.organisation,
              caseId: caseAccess.caseId,
              action: caseAccess.action === 'read' ? 'read' : 'act',
              what: caseAccess.what,
              purpose: caseAccess.purpose,
            })
            .then(() => body),
        );
      }),
    );
  }
}
