import { DomainRuleViolation } from '@perheverkko/decider';
import { deciderSpec } from '@perheverkko/decider/testing';
import type { ConsentScope, Invitee } from './consent';
import { CONVENING_UPCASTERS, conveningDecider, type ConveningCommand, type ConveningEvent } from './convening.decider';
import {
  commandMetadata,
  consentGiven,
  conveningCommand as cmd,
  counsellor,
  granted,
  invitationSent,
  meetingScheduled,
  now,
  opened,
  roomBooked,
  schoolScope,
  teacher,
  terhi,
} from './convening.fixtures';
import { roomDecider, type RoomCommand } from './room.decider';

const invited = invitationSent('inv-1', teacher);
/** Meeting number n, scheduled for now. */
const met = (n: number) =>
  meetingScheduled({
    meetingId: `m-${n}`,
    kind: n === 1 ? 'first' : 'follow-up',
    number: n,
    startsAt: now,
    endsAt: now,
    roomId: 'r',
    daysFromConcern: 1,
  });
const given = deciderSpec(conveningDecider);

describe('convening', () => {
  describe("when intake's request arrives", () => {
    it('should open convening once, however often the request is delivered', () => {
      const open = cmd('OpenConvening', opened.data as Extract<ConveningCommand, { type: 'OpenConvening' }>['data']);
      given([]).when(open).thenOnce([opened]);
    });

    it('should refuse consent before the case is routed here', () => {
      given([])
        .when(cmd('GrantConsent', { ...(granted.data as object), consentId: 'x' } as never))
        .thenThrows(DomainRuleViolation, /not been routed to a joint meeting/);
    });
  });

  describe('consent', () => {
    const grant = (overrides: object = {}) => cmd('GrantConsent', { ...consentGiven, ...overrides });

    it('should record who consents, for whom, whom it covers and what may be shared, how and by whom', () => {
      given([opened]).when(grant()).then([granted]);
    });

    it.each<[string, object, RegExp]>([
      ['no guardian', { guardians: [] }, /guardian/],
      ['no child', { children: [] }, /child/],
      ['nobody covered', { scopes: [] }, /at least one participant/],
      ['an expired validity', { validUntil: '2026-01-01T00:00:00.000Z' }, /in the future/],
      [
        'a share word that names no category',
        { scopes: [{ ...schoolScope, share: ['concern', 'joint plan'] }] },
        /scopes\[0\]\.share .* identity, concern, routing, consents, meeting-record, joint-plan, follow-up/,
      ],
    ])('should refuse a consent with %s', (_what, change, reason) => {
      given([opened]).when(grant(change)).thenThrows(DomainRuleViolation, reason);
    });

    describe("given by the case's own guardians", () => {
      const openedWithGuardians: ConveningEvent = {
        type: 'ConveningOpened',
        data: { ...(opened.data as object), guardians: ['Mari Esimerkki', 'Jussi Esimerkki'] } as never,
      };

      it('should record a consent of guardians registered at intake, however their names are spaced or cased', () => {
        const [event] = conveningDecider.decide(
          grant({ guardians: ['mari  esimerkki'] }),
          [openedWithGuardians].reduce(conveningDecider.evolve, conveningDecider.initialState()),
        );
        expect(event.type).toBe('ConsentGranted');
      });

      it('should refuse a guardian who is not registered with the concern, by rule, without echoing the name', () => {
        const refused = () =>
          conveningDecider.decide(
            grant({ guardians: ['Mari Esimerkki', 'Pekka Naapuri'] }),
            [openedWithGuardians].reduce(conveningDecider.evolve, conveningDecider.initialState()),
          );
        expect(refused).toThrow(expect.objectContaining({ rule: 'consent-guardian-of-case', kind: 'unprocessable' }));
        expect(refused).toThrow(/guardians\[1\] is not one of the guardians registered/);
        expect(refused).not.toThrow(/Pekka/);
      });

      it('should not check when intake did not say who the guardians are (a v1 request, none registered, or unreadable)', () => {
        for (const guardians of [undefined, [], { $sealed: 1, iv: 'x', ct: 'y' }, { erased: true }]) {
          const unknown: ConveningEvent = {
            type: 'ConveningOpened',
            data: { ...(opened.data as object), ...(guardians === undefined ? {} : { guardians }) } as never,
          };
          given([unknown])
            .when(grant({ guardians: ['Pekka Naapuri'] }))
            .then([{ ...granted, data: { ...(granted.data as object), guardians: ['Pekka Naapuri'] } } as never]);
        }
      });
    });

    it('should extend a consent to more participants, never shorten it', () => {
      const scope: ConsentScope = { kind: 'person', value: 'p-pia', share: ['concern'] };
      given([opened, granted])
        .when(cmd('ExtendConsent', { consentId: 'consent-1', scopes: [scope] }))
        .then([
          {
            type: 'ConsentExtended',
            data: { consentId: 'consent-1', scopes: [scope], validUntil: '2027-06-01T00:00:00.000Z', recordedBy: terhi.id },
          },
        ]);
      given([opened, granted])
        .when(cmd('ExtendConsent', { consentId: 'consent-1', scopes: [scope], validUntil: '2027-01-01T00:00:00.000Z' }))
        .thenThrows(DomainRuleViolation, /cannot shorten/);
    });

    it('should take a withdrawal into effect at once, cancelling the invitations it no longer covers', () => {
      given([opened, granted, invited])
        .when(cmd('WithdrawConsent', { consentId: 'consent-1', withdrawnBy: 'Mari' }))
        .then([
          { type: 'ConsentWithdrawn', data: { consentId: 'consent-1', withdrawnBy: 'Mari', withdrawnAt: now } },
          {
            type: 'InvitationCancelled',
            data: { invitationId: 'inv-1', reason: 'the consent it relied on was withdrawn', cancelledAt: now },
          },
        ]);
    });

    it('should record which of the consenting guardians withdrew it, as the consent names them', () => {
      const twoGuardians: ConveningEvent = {
        type: 'ConsentGranted',
        data: { ...(granted.data as object), guardians: ['Mari', 'Jussi'] } as never,
      };
      given([opened, twoGuardians])
        .when(cmd('WithdrawConsent', { consentId: 'consent-1', withdrawnBy: ' jussi ' }))
        .then([{ type: 'ConsentWithdrawn', data: { consentId: 'consent-1', withdrawnBy: 'Jussi', withdrawnAt: now } }]);
    });

    it('should refuse a withdrawal in the name of anyone but a guardian who gave the consent', () => {
      for (const withdrawnBy of ['family', 'Pekka', 'w-terhi']) {
        given([opened, granted])
          .when(cmd('WithdrawConsent', { consentId: 'consent-1', withdrawnBy }))
          .thenThrows(DomainRuleViolation, /withdrawnBy must name one of the guardians who gave consent consent-1/);
      }
      const decide = () =>
        conveningDecider.decide(
          cmd('WithdrawConsent', { consentId: 'consent-1', withdrawnBy: 'Pekka' }),
          [opened, granted].reduce(conveningDecider.evolve, conveningDecider.initialState()),
        );
      expect(decide).toThrow(expect.objectContaining({ rule: 'withdrawn-by-consenting-guardian', kind: 'unprocessable' }));
    });

    it('should keep invitations another consent still covers', () => {
      const second: ConveningEvent = { type: 'ConsentGranted', data: { ...(granted.data as object), consentId: 'consent-2' } as never };
      given([opened, granted, second, invited])
        .when(cmd('WithdrawConsent', { consentId: 'consent-1', withdrawnBy: 'Mari' }))
        .then([{ type: 'ConsentWithdrawn', data: { consentId: 'consent-1', withdrawnBy: 'Mari', withdrawnAt: now } }]);
    });
  });

  describe('invitations', () => {
    it('should invite someone the consent covers, recording the consent and what may be shared', () => {
      given([opened, granted])
        .when(cmd('Invite', { invitationId: 'inv-1', invitee: teacher }))
        .then([invited]);
    });

    it('should invite a close person the consent names by name (v3 `name`, sealed when stored), and still read a v2 name in `value`', () => {
      const grandmother: Invitee = { kind: 'close-person', name: 'Mummo Liisa' };
      const byName = (scope: ConsentScope): ConveningEvent =>
        ({ ...granted, data: { ...(granted.data as object), scopes: [scope] } }) as ConveningEvent;
      const sent: ConveningEvent = {
        type: 'InvitationSent',
        data: { invitationId: 'inv-3', invitee: grandmother, consentId: 'consent-1', share: ['concern'], sentBy: terhi.id, sentAt: now },
      };
      given([opened, byName({ kind: 'person', name: 'Mummo Liisa', share: ['concern'] })])
        .when(cmd('Invite', { invitationId: 'inv-3', invitee: grandmother }))
        .then([sent]);
      given([opened, byName({ kind: 'person', value: 'Mummo Liisa', share: ['concern'] })])
        .when(cmd('Invite', { invitationId: 'inv-3', invitee: grandmother }))
        .then([sent]);
      // A name is not a directory id: a professional is not covered by a scope naming someone by name.
      given([opened, byName({ kind: 'person', name: 'p-olli', share: ['concern'] })])
        .when(cmd('Invite', { invitationId: 'inv-4', invitee: { ...teacher, name: 'Olli', sector: 'x', organisation: 'y' } }))
        .thenThrows(DomainRuleViolation, /not covered/);
      // Nor by a scope naming his name: the access model would never let him read what the invitation shares.
      for (const named of [{ name: 'Olli' }, { value: 'Olli' }])
        given([opened, byName({ kind: 'person', ...named, share: ['concern'] })])
          .when(cmd('Invite', { invitationId: 'inv-5', invitee: { ...teacher, sector: 'x', organisation: 'y' } }))
          .thenThrows(DomainRuleViolation, /not covered/);
    });

    it('should refuse inviting someone outside the consent, and send nothing', () => {
      given([opened, granted])
        .when(cmd('Invite', { invitationId: 'inv-2', invitee: counsellor }))
        .thenThrows(DomainRuleViolation, /Pia is not covered/);
    });

    it('should refuse inviting under a withdrawn or expired consent', () => {
      given([opened, granted, { type: 'ConsentWithdrawn', data: { consentId: 'consent-1', withdrawnBy: 'Mari', withdrawnAt: now } }])
        .when(cmd('Invite', { invitationId: 'inv-1', invitee: teacher }))
        .thenThrows(DomainRuleViolation, /not covered/);
      const expired: ConveningEvent = {
        type: 'ConsentGranted',
        data: { ...(granted.data as object), validUntil: '2026-11-01T00:00:00.000Z' } as never,
      };
      given([opened, expired])
        .when(cmd('Invite', { invitationId: 'inv-1', invitee: teacher }))
        .thenThrows(DomainRuleViolation, /not covered/);
    });

    it('should let only the convener invite', () => {
      given([opened, granted])
        .when(cmd('Invite', { invitationId: 'inv-1', invitee: teacher }, { actorId: 'w-other' }))
        .thenThrows(DomainRuleViolation, /only the convener/);
    });

    it('should record replies, a proposed time with its time, and refuse replies to cancelled invitations', () => {
      given([opened, granted, invited])
        .when(cmd('RecordReply', { invitationId: 'inv-1', reply: 'propose-time', proposedTime: '2026-11-30T12:00:00.000Z' }))
        .then([
          {
            type: 'InvitationReplied',
            data: { invitationId: 'inv-1', reply: 'propose-time', proposedTime: '2026-11-30T12:00:00.000Z', repliedAt: now },
          },
        ]);
      given([opened, granted, invited])
        .when(cmd('RecordReply', { invitationId: 'inv-1', reply: 'propose-time' }))
        .thenThrows(DomainRuleViolation, /names the time/);
      given([opened, granted, invited, { type: 'InvitationCancelled', data: { invitationId: 'inv-1', reason: 'x', cancelledAt: now } }])
        .when(cmd('RecordReply', { invitationId: 'inv-1', reply: 'accept' }))
        .thenThrows(DomainRuleViolation, /was cancelled/);
    });
  });

  describe('scheduling', () => {
    const schedule = (overrides: object = {}) =>
      cmd('ScheduleMeeting', {
        meetingId: 'm-1',
        kind: 'first',
        startsAt: '2026-11-26T12:00:00.000Z',
        endsAt: '2026-11-26T13:30:00.000Z',
        roomId: 'neuvola-2',
        ...overrides,
      });

    it('should schedule the first meeting with the days from the concern kept for reporting', () => {
      given([opened, granted, invited]).when(schedule()).then([meetingScheduled()]);
    });

    it('should need participants, a first meeting before follow-ups, and a reason beyond three meetings', () => {
      given([opened, granted])
        .when(schedule())
        .thenThrows(DomainRuleViolation, /invite the participants/);
      given([opened, granted, invited])
        .when(schedule({ kind: 'follow-up' }))
        .thenThrows(DomainRuleViolation, /first joint meeting before/);
      given([opened, granted, invited, met(1)])
        .when(schedule({ kind: 'first' }))
        .thenThrows(DomainRuleViolation, /already been scheduled/);
      given([opened, granted, invited, met(1), met(2), met(3)])
        .when(schedule({ meetingId: 'm-4', kind: 'follow-up' }))
        .thenThrows(DomainRuleViolation, /needs followUpReason/);
    });

    it('should need the consent each invitation rests on to be in force at the meeting, not only now (issue 18)', () => {
      const scheduledInJune = meetingScheduled({
        startsAt: '2027-06-10T12:00:00.000Z',
        endsAt: '2027-06-10T13:00:00.000Z',
        daysFromConcern: 206,
      });
      // consent-1 is valid until 2027-06-01: a meeting after that is refused, naming the consent and its end.
      given([opened, granted, invited])
        .when(schedule({ startsAt: '2027-06-10T12:00:00.000Z', endsAt: '2027-06-10T13:00:00.000Z' }))
        .thenThrows(
          DomainRuleViolation,
          /after the family's consent ends for 1 of its 1 invitations: consent consent-1 \(valid until 2027-06-01T00:00:00.000Z\); extend the consent/,
        );
      // Ending during the meeting is ending before it is over.
      const refused = () =>
        conveningDecider.decide(
          schedule({ startsAt: '2027-05-31T23:30:00.000Z', endsAt: '2027-06-01T00:30:00.000Z' }),
          [opened, granted, invited].reduce(conveningDecider.evolve, conveningDecider.initialState()),
        );
      expect(refused).toThrow(expect.objectContaining({ rule: 'consent-not-in-force-at-meeting', kind: 'conflict' }));
      // Extended with the family, the same meeting is scheduled.
      const extended: ConveningEvent = {
        type: 'ConsentExtended',
        data: { consentId: 'consent-1', scopes: [schoolScope], validUntil: '2027-12-31T00:00:00.000Z', recordedBy: terhi.id },
      };
      given([opened, granted, invited, extended])
        .when(schedule({ startsAt: '2027-06-10T12:00:00.000Z', endsAt: '2027-06-10T13:00:00.000Z' }))
        .then([scheduledInJune]);
      // Another consent in force that covers the invitee carries the invitation too.
      const schoolUntil2028: ConveningEvent = {
        type: 'ConsentGranted',
        data: { ...(granted.data as object), consentId: 'consent-2', validUntil: '2028-01-01T00:00:00.000Z' } as never,
      };
      given([opened, granted, invited, schoolUntil2028])
        .when(schedule({ startsAt: '2027-06-10T12:00:00.000Z', endsAt: '2027-06-10T13:00:00.000Z' }))
        .then([scheduledInJune]);
    });
  });
});

describe('a history written before the share vocabulary was closed (v1 events)', () => {
  const v1 = <T extends keyof typeof CONVENING_UPCASTERS>(type: T, data: object) =>
    ({ type, data: CONVENING_UPCASTERS[type][1](data) }) as ConveningEvent;
  const grantedV1 = v1('ConsentGranted', {
    ...(granted.data as object),
    scopes: [{ kind: 'sector', value: 'school', share: ['concern', 'joint plan', 'everything'] }],
  });

  it('should read old share words as categories, keep the unknown ones apart, and let them open nothing', () => {
    expect(grantedV1.data).toMatchObject({
      scopes: [{ kind: 'sector', value: 'school', share: ['concern', 'joint-plan'], unrecognisedShare: ['everything'] }],
    });
    given([opened, grantedV1])
      .when(cmd('Invite', { invitationId: 'inv-1', invitee: teacher }))
      .then([invited]);
    const state = [
      opened,
      grantedV1,
      v1('ConsentExtended', {
        consentId: 'consent-1',
        scopes: [{ kind: 'person', value: 'p-pia', share: ['Meeting record', 'gossip'] }],
        validUntil: '2027-06-01T00:00:00.000Z',
        recordedBy: terhi.id,
      }),
    ].reduce(conveningDecider.evolve, conveningDecider.initialState());
    expect(state.status === 'open' && state.consents[0].scopes[1]).toEqual({
      kind: 'person',
      value: 'p-pia',
      share: ['meeting-record'],
      unrecognisedShare: ['gossip'],
    });
  });

  it('should still fold invitations and a clear-text withdrawal of v1', () => {
    const invitedV1 = v1('InvitationSent', { ...(invited.data as object), share: ['concern', 'joint plan'] });
    expect(invitedV1).toEqual(invited);
    const withdrawnV1 = v1('ConsentWithdrawn', { consentId: 'consent-1', withdrawnBy: 'the family', withdrawnAt: now });
    given([opened, grantedV1, invitedV1, withdrawnV1])
      .when(cmd('Invite', { invitationId: 'inv-2', invitee: teacher }))
      .thenThrows(DomainRuleViolation, /not covered/);
  });
});

describe('a follow-up requested by plan follow-up', () => {
  const request = cmd('NoteFollowUpRequest', { requestedBy: 'w-rw', requestedAt: now, reason: 'sleep still poor' });

  it('should be noted for the convener once a first meeting has been held', () => {
    given([opened, granted, invited, met(1)])
      .when(request)
      .then([{ type: 'FollowUpRequested', data: { requestedBy: 'w-rw', requestedAt: now, reason: 'sleep still poor' } }]);
    given([opened])
      .when(request)
      .thenThrows(DomainRuleViolation, /after the first joint meeting/);
  });
});

describe('a room', () => {
  const book = (bookingId: string, startsAt: string, endsAt: string): RoomCommand => ({
    type: 'BookRoom',
    data: { bookingId, roomId: 'neuvola-2', startsAt, endsAt, caseId: 'case-1' },
    metadata: commandMetadata(),
  });
  const booked = roomBooked();
  const givenRoom = deciderSpec(roomDecider);

  it('should refuse a second booking of the same room at an overlapping time', () => {
    givenRoom([booked])
      .when(book('b-2', '2026-11-26T13:00:00.000Z', '2026-11-26T14:00:00.000Z'))
      .thenThrows(DomainRuleViolation, /already booked/);
  });

  it('should allow back-to-back bookings and a booking after a release', () => {
    givenRoom([booked])
      .when(book('b-2', '2026-11-26T13:30:00.000Z', '2026-11-26T14:30:00.000Z'))
      .then([roomBooked({ bookingId: 'b-2', startsAt: '2026-11-26T13:30:00.000Z', endsAt: '2026-11-26T14:30:00.000Z' })]);
    givenRoom([booked, { type: 'RoomReleased', data: { bookingId: 'b-1', reason: 'moved' } }])
      .when(book('b-3', '2026-11-26T12:00:00.000Z', '2026-11-26T13:00:00.000Z'))
      .then([roomBooked({ bookingId: 'b-3', endsAt: '2026-11-26T13:00:00.000Z' })]);
  });
});
