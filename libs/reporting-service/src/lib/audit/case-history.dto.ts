import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional } from 'class-validator';

export class HistoryQueryDto {
  @ApiPropertyOptional({
    example: '2026-03-01T12:00:00Z',
    description: 'the state and events as they stood at this moment (a date, or a time without an offset, is Finnish time); default now',
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  asOf?: string;

  @ApiPropertyOptional({ enum: ['json', 'text'], description: 'or send Accept: text/plain' })
  @IsOptional()
  @IsIn(['json', 'text'])
  format?: 'json' | 'text';
}
