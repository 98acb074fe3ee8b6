import { LongPageQueryDto, OptionalText, OptionalMoment } from '@perheverkko/http';
import { ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Length } from 'class-validator';
import { READER_LANGUAGES, type ReaderLanguage } from '@perheverkko/decider';

export class ReportQueryDto {
  @OptionalMoment({
    example: '2026-01-01',
    description:
      'start of the period (inclusive), in Finnish time: a date, month (2026-03) or year is its first moment in Helsinki; a time with an offset is that instant. Default: 1 January of the current year in Finland',
  })
  from?: string;

  @OptionalMoment({
    example: '2027-01-01',
    description: 'end of the period (exclusive), read as `from` is; default: a year after `from`',
  })
  to?: string;

  @ApiPropertyOptional({ example: 'Kangasala child health clinic' }) @IsOptional() @IsString() @Length(1, 200) organizer?: string;
  @ApiPropertyOptional({ example: 'Kuopio' }) @IsOptional() @IsString() @Length(1, 100) municipality?: string;
  @ApiPropertyOptional({ example: 'Pohjois-Savo' }) @IsOptional() @IsString() @Length(1, 100) region?: string;
  @OptionalText(100, {
    example: 'Pohjois-Savon hyvinvointialue',
    description: "the wellbeing services county of the family's municipality",
  })
  county?: string;
  @ApiPropertyOptional({ enum: ['json', 'csv'], description: 'or send Accept: text/csv' }) @IsOptional() @IsIn(['json', 'csv']) format?:
    'json' | 'csv';

  @ApiPropertyOptional({
    enum: READER_LANGUAGES,
    description:
      "the language of the CSV's dates and times for people (default fi: 26.11.2026, 14.00; sv: 26.11.2026, 14.00; en: 26/11/2026, 14:00)",
  })
  @IsOptional()
  @IsIn(READER_LANGUAGES)
  lang?: ReaderLanguage;
}

/** The records' query: the report's filters, and the page (records by when they were recorded). */
export class ReportRecordsQueryDto extends IntersectionType(ReportQueryDto, LongPageQueryDto) {}
