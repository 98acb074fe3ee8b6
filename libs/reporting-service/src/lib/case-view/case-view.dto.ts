import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Length, Matches } from 'class-validator';
import { PageQueryDto } from '@perheverkko/http';
import { WORKER_PHASES, type WorkerPhase } from '@perheverkko/reporting-domain';

export class MyCasesQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: WORKER_PHASES, description: 'only cases in this phase' })
  @IsIn(WORKER_PHASES)
  @IsOptional()
  phase?: WorkerPhase;
}

export class TasksQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: ['true', 'false'], description: 'only tasks past their due date' })
  @IsIn(['true', 'false'])
  @IsOptional()
  overdue?: 'true' | 'false';
}

export class CaseSearchQueryDto extends MyCasesQueryDto {
  @ApiPropertyOptional({
    description:
      'words of a child’s or guardian’s name (each a prefix of 3+ letters) or identity codes (whole, or TEMP-…); every word must match the family',
    example: 'aada virt',
  })
  @Length(1, 200)
  @IsString()
  @IsOptional()
  q?: string;

  @ApiPropertyOptional({ description: 'the case number (the first characters of the case id, 4 or more)', example: '7b2f7c3e' })
  @Matches(/^[0-9a-f-]{4,36}$/i, { message: 'a case number is 4–36 characters of the case id (0–9, a–f, -)' })
  @IsOptional()
  caseNumber?: string;

  @ApiPropertyOptional({ description: 'the family’s home municipality, as recorded (its Finnish name)', example: 'Kangasala' })
  @Length(1, 100)
  @IsString()
  @IsOptional()
  municipality?: string;
}
