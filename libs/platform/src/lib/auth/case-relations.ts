import { Injectable } from '@nestjs/common';
import type { AuthenticatedUser } from './authenticated-user';

/** Why a professional may see a case: they convened it, were invited under the family's consent, or are its responsible worker. */
export type CaseRelation = 'convener' | 'invited-participant' | 'responsible-worker';

/**
 * `share` names the kind of data asked for when the endpoint is shared only as the family's consent allows
 * (e.g. "joint plan"): an invited participant then needs a consent that shares exactly that with them.
 */
export type CaseRelationResolver = (user: AuthenticatedUser, caseId: string, share?: string) => Promise<CaseRelation | undefined>;

/**
 * Services that know who stands in which relation to a case (convening: convener and invited participants under
 * the consent; plan-followup: responsible workers) register a resolver. No resolver, no relation: a professional
 * is refused by default.
 */
@Injectable()
export class CaseRelations {
  private readonly resolvers: CaseRelationResolver[] = [];

  register(resolver: CaseRelationResolver): void {
    this.resolvers.push(resolver);
  }

  async relationOf(user: AuthenticatedUser, caseId: string, share?: string): Promise<CaseRelation | undefined> {
    for (const resolve of this.resolvers) {
      const relation = await resolve(user, caseId, share);
      if (relation) return relation;
    }
    return undefined;
  }
}
