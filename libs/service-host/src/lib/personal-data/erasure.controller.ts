import { Body, Controller, HttpCode, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsString, IsUUID, Length } from 'class-validator';
import type { Erasure } from '@perheverkko/personal-data';
import { AccessLogHost, type AuthenticatedRequest } from '@perheverkko/access';
import { Roles, ApiJsonAnswer, ApiProblems, S, namedSchema } from '@perheverkko/http';
import { PersonalDataHost } from './personal-data-host';

const ERASURE = namedSchema(
  'Erasure',
  S.object({ caseId: S.uuid(), erasedAt: S.instant(), reason: S.string(), alreadyErased: S.boolean() }, [
    'caseId',
    'erasedAt',
    'reason',
    'alreadyErased',
  ]),
);

class ErasureDto {
  @ApiProperty({ format: 'uuid', description: 'the case whose personal data is erased' }) @IsUUID() caseId!: string;
  @ApiProperty({
    example: 'the family asked for erasure after closure (request 2031-114)',
    description: 'why, as recorded in the access log and with the destroyed key',
  })
  @IsString()
  @Length(3, 500)
  reason!: string;
}

/**
 * Erasure on request: an administrator destroys a case's key (crypto-shredding) before its retention ends. The
 * case id travels in the body, not the path: administrators have no role in a case's data (docs/access.md), and
 * this reads none of it. Logged in the access log before the key is destroyed; every process sees the erasure
 * within the vault's key cache lifetime (KEY_CACHE_MS, a few seconds).
 */
@ApiTags('personal data')
@ApiBearerAuth()
@Controller()
export class ErasureController {
  constructor(
    private readonly personalData: PersonalDataHost,
    private readonly accessLog: AccessLogHost,
  ) {}

  @Post('erasures')
  @ApiJsonAnswer(ERASURE, 'Erased (or erased before: alreadyErased)')
  @ApiProblems(400)
  @HttpCode(200)
  @Roles('administrator')
  @ApiOperation({ summary: "Erase a case's personal data now (irreversible); repeating it answers the first erasure" })
  async erase(@Body() body: ErasureDto, @Req() request: AuthenticatedRequest): Promise<Erasure> {
    const { user } = request;
    // No log, no erasure: the entry is written first.
    await this.accessLog.record({
      actorId: user.id,
      actorRole: user.roles.join(','),
      organisation: user.organisation,
      caseId: body.caseId,
      action: 'act',
      what: 'erasure of the personal data (case key destroyed)',
      purpose: body.reason,
    });
    return (await this.personalData.get()).erase(body.caseId, body.reason);
  }
}
