import { LongPageQueryDto, OptionalMoment } from '@perheverkko/http';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';

export class HistoryQueryDto extends LongPageQueryDto {
  @OptionalMoment({
    example: '2026-03-01T12:00:00Z',
    description: 'the state and events as they stood at this moment (a date, or a time without an offset, is Finnish time); default now',
  })
  asOf?: string;

  @ApiPropertyOptional({
    enum: ['json', 'text'],
    description: 'or send Accept: text/plain; the text is the whole history (`limit` and `cursor` page the JSON)',
  })
  @IsOptional()
  @IsIn(['json', 'text'])
  format?: 'json' | 'text';
}
