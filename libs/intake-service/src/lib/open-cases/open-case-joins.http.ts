import { Body, Controller, Post, Req, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOperation, ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiHeader, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { commandOf } from '@perheverkko/command-handling';
import { DomainRuleViolation } from '@perheverkko/decider';
import type { IntakeCommand } from '@perheverkko/intake-domain';
import { AccessLogHost, type AuthenticatedRequest } from '@perheverkko/access';
import { commandMetadataOf, IDEMPOTENCY_HEADER, Roles, ApiJsonAnswer, ApiProblems } from '@perheverkko/http';
import { JoinOpenCaseDto } from '../concerns/concern.dto';
import { ExecuteIntakeCommand } from '../concerns/concern.commands';
import { OpenCaseIndex } from './open-case-index';
import { JOINED_CONCERN } from '../intake.openapi';

/**
 * Joining a concern to a child's open case instead of registering the child again. The case is found again from the
 * children and the reference the warning gave this worker: no case id is ever given or taken. The worker gains no
 * access: the convener sees the concern on the case, and invites the worker only with the family's consent.
 */
@ApiTags('intake')
@ApiBearerAuth()
@Controller()
export class OpenCaseJoinsHttp {
  constructor(
    private readonly commands: CommandBus,
    private readonly openCases: OpenCaseIndex,
    private readonly accessLog: AccessLogHost,
  ) {}

  @Post('concerns/joins')
  @ApiJsonAnswer(JOINED_CONCERN, 'Joined', 201)
  @ApiJsonAnswer(JOINED_CONCERN, 'Handled before: the same Idempotency-Key')
  @ApiProblems(400, 409, 422)
  @ApiOperation({ summary: "Join a child's open case of another worker" })
  @Roles('professional')
  @ApiHeader(IDEMPOTENCY_HEADER)
  @ApiCreatedResponse({
    description:
      'Your concern was added to the open case; the answer names its organiser only. Resending the same Idempotency-Key answers 200.',
  })
  @ApiConflictResponse({
    description:
      'no-open-case-to-join: no open case of these children goes with this reference (closed since, or the reference is not yours); nothing was recorded.',
  })
  async join(@Body() body: JoinOpenCaseDto, @Req() request: AuthenticatedRequest, @Res({ passthrough: true }) response: Response) {
    const user = request.user;
    const { elsewhere } = await this.openCases.check(body.children, user.id);
    const target = elsewhere.find((match) => this.openCases.keys.isJoinReference(body.reference, match.caseId, user.id));
    if (!target) {
      throw new DomainRuleViolation(
        'no-open-case-to-join',
        'no open case of these children goes with this reference: the case may have closed since, or the reference was given to someone else or for other children. ' +
          'Nothing was recorded; register the concern instead (POST /concerns)',
        'conflict',
      );
    }
    const { reference: _reference, children: _children, sector, ...concern } = body;
    const joinedBy = { id: user.id, name: user.name, organisation: user.organisation, sector };
    const command = commandOf<IntakeCommand, 'JoinConcern'>(
      'JoinConcern',
      { ...concern, joinedBy },
      commandMetadataOf(request, target.caseId),
    );
    const outcome = await this.commands.execute(new ExecuteIntakeCommand(command));
    if (!outcome.alreadyHandled) {
      await this.accessLog.record({
        actorId: user.id,
        actorRole: user.roles.join(','),
        organisation: user.organisation,
        caseId: target.caseId,
        action: 'act',
        what: 'concern (joined to an open case)',
        purpose: 'a concern about a child who already had an open case, added to it by another worker instead of a second registration',
      });
    }
    response.status(outcome.alreadyHandled ? 200 : 201);
    return {
      joined: true,
      organiser: target.organiser,
      alreadyHandled: outcome.alreadyHandled,
      message: `Your concern was added to the open case convened by ${target.organiser}. Its convener sees it; you take part in the network only if the family agrees (an invitation).`,
    };
  }
}
