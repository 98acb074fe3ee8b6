import type { AccessLogHost } from '@perheverkko/access';
import type { AuthenticatedUser, ProblemBody } from '@perheverkko/http';
import type { DuplicateCheckKeys } from './duplicate-check-keys';
import type { OpenCaseMatch } from './open-case-index';

/** What a warned worker is told of one open case: that it exists, who convenes it, and how to join it. Nothing more. */
interface OpenCaseNotice {
  /** The registering request's children (indices) that matched it. */
  children: number[];
  organiser: string;
  /** Lets this worker, and only this worker, join their concern to the case (POST /concerns/joins). */
  reference: string;
}

type OpenCaseExists = ProblemBody & { rule: 'open-case-exists'; openCases: OpenCaseNotice[] };

const BASIS: Record<OpenCaseMatch['kinds'][number], string> = {
  'identity-code': 'identity code',
  'name-and-birth-date': 'name and birth date',
};

function noticesOf(matches: OpenCaseMatch[], keys: DuplicateCheckKeys, workerId: string): OpenCaseNotice[] {
  return matches.map((m) => ({ children: m.children, organiser: m.organiser, reference: keys.joinReference(m.caseId, workerId) }));
}

/** The 409 body: the warning, and the two ways on. The case id, its content and its worker are never in it. */
export function openCaseExists(matches: OpenCaseMatch[], keys: DuplicateCheckKeys, workerId: string): OpenCaseExists {
  const said = matches.map(
    (m) =>
      `${m.children.map((i) => `children[${i}]`).join(' and ')} already ${m.children.length > 1 ? 'have' : 'has'} an open case, convened by ${m.organiser}`,
  );
  return {
    statusCode: 409,
    error: 'Conflict',
    rule: 'open-case-exists',
    message:
      `${said.join('; ')}. Nothing was recorded. Join your concern to that case with POST /concerns/joins (its reference below and the same children): ` +
      'its convener sees your concern, and the family decides whether you join the network. If you know it is a different child, ' +
      'send the registration again with separateCase: true. Either way it is logged.',
    openCases: noticesOf(matches, keys, workerId),
  };
}

/**
 * Telling a worker that a case exists and who convenes it discloses something of the case: each is logged in that
 * case's access log (its processing history) before the answer leaves.
 */
export async function logOpenCaseDisclosures(
  accessLog: AccessLogHost,
  user: AuthenticatedUser,
  matches: OpenCaseMatch[],
  purpose: string,
): Promise<void> {
  for (const match of matches) {
    await accessLog.record({
      actorId: user.id,
      actorRole: user.roles.join(','),
      organisation: user.organisation,
      caseId: match.caseId,
      action: 'disclose',
      what: 'that an open case exists, and its organiser',
      purpose,
      recipient: `${user.id} (${user.organisation})`,
      basis: `duplicate check at intake: ${match.kinds.map((k) => BASIS[k]).join(' and ')} matched`,
    });
  }
}
