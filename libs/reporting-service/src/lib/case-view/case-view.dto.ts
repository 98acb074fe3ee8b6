import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
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
