import { S, namedSchema } from '@perheverkko/http';

// Convening's answers as /openapi.json describes them (tools/openapi checks real answers against them).

const SCOPE = S.object({ kind: S.string({ example: 'person' }), value: S.string(), share: S.array(S.string()) }, ['kind', 'share']);

export const STAFF_DIRECTORY = namedSchema(
  'StaffDirectory',
  S.array(
    S.object(
      {
        id: S.string({ example: 'demo-olli' }),
        name: S.string(),
        organisation: S.string(),
        sector: S.string(),
        team: S.string(),
        publicService: S.boolean(),
      },
      ['id', 'name', 'organisation', 'sector'],
    ),
  ),
);

export const CONVENING_VIEW = namedSchema(
  'Convening',
  S.object(
    {
      caseId: S.uuid(),
      revision: S.revision(),
      convener: S.object({ id: S.string(), name: S.string(), sector: S.string(), organisation: S.string() }),
      zone: S.integer({ minimum: 1, maximum: 4 }),
      concernRegisteredAt: S.string(),
      requestedAt: S.string(),
      guardians: S.identity(S.array(S.string())),
      consents: S.array(
        S.object(
          {
            consentId: S.uuid(),
            status: S.string({ example: 'in force' }),
            guardians: S.identity(S.array(S.string())),
            children: S.identity(S.array(S.string())),
            scopes: S.array(SCOPE),
            validUntil: S.string(),
            givenAs: S.string(),
            recordedBy: S.string(),
            recordedAt: S.string(),
            extensions: S.array(S.object({})),
            withdrawnBy: S.identity(S.nullable(S.string())),
            withdrawnAt: S.nullable(S.string()),
          },
          ['consentId', 'status', 'scopes'],
        ),
      ),
      invitations: S.array(
        S.object(
          {
            invitationId: S.uuid(),
            invitee: S.identity(
              S.object({ kind: S.string(), id: S.string(), name: S.string(), organisation: S.string(), sector: S.string() }),
            ),
            inviteeId: S.string(),
            consentId: S.nullable(S.string()),
            share: S.array(S.string()),
            sentBy: S.string(),
            sentAt: S.string(),
            status: S.string({ example: 'pending' }),
            proposedTime: S.nullable(S.string()),
            repliedAt: S.nullable(S.string()),
            cancelledAt: S.nullable(S.string()),
            cancellationReason: S.nullable(S.string()),
          },
          ['invitationId', 'status'],
        ),
      ),
      meetings: S.array(
        S.object(
          {
            meetingId: S.uuid(),
            kind: S.string({ example: 'first' }),
            number: S.integer(),
            startsAt: S.string(),
            endsAt: S.string(),
            roomId: S.string(),
            cancelled: S.boolean(),
            invitationIds: S.array(S.string()),
            daysFromConcern: S.nullable(S.integer()),
            followUpReason: S.personal(S.nullable(S.string())),
            scheduledAt: S.string(),
            moves: S.array(S.object({})),
            cancellation: S.nullable(S.object({})),
          },
          ['meetingId', 'kind', 'startsAt'],
        ),
      ),
      followUpRequests: S.array(S.object({})),
      followUpPending: S.boolean(),
      withheld: S.array(S.string(), { description: 'Categories the caller does not read' }),
    },
    ['caseId', 'revision', 'withheld'],
  ),
);
