import { Text, ListOf, LongPageQueryDto, OptionalListOf } from '@perheverkko/http';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Length, Matches, Max, Min, ValidateNested } from 'class-validator';
import { ReferenceBook, type ReferenceKind } from '@perheverkko/reference-data';

const AREA_CODES = ReferenceBook.baseline('national')
  .areas()
  .map((a) => a.code);
/** Keys of labels and of entries: lower-case words joined by hyphens, as the shipped ones are. */
const KEY = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/** A municipality of the classification (key: its three-digit code). */
class MunicipalityDto {
  @ApiProperty({ example: 'Kangasala' }) @IsString() @Length(1, 100) fi!: string;
  @ApiProperty({ example: 'Kangasala' }) @IsString() @Length(1, 100) sv!: string;
  @ApiProperty({ example: '08', description: 'the service area: a wellbeing services county (01–21), Helsinki (90) or Åland (91)' })
  @IsIn(AREA_CODES)
  area!: string;
}

/** A unit that convenes joint meetings (key: its id). */
class OrganiserDto {
  @ApiProperty({ example: 'Kangasala family centre' }) @IsString() @Length(1, 200) name!: string;
  @Text(100, { example: '211', description: 'the municipality it serves, by code or name (recorded as the code)' })
  municipality!: string;
}

/** A meeting room (key: its id). */
class RoomDto {
  @ApiProperty({ example: 'Neuvola, room 2' }) @IsString() @Length(1, 200) name!: string;
  @Text(200, { example: 'kangasala-child-health-clinic', description: 'the organiser, by id or name (recorded as the id)' })
  organiser!: string;
  @ApiPropertyOptional({ example: 8 }) @IsOptional() @IsInt() @Min(1) @Max(500) capacity?: number;
}

/** A service a family can be referred to (key: its id). */
class ServiceDto {
  @ApiProperty() @IsString() @Length(1, 200) fi!: string;
  @ApiProperty() @IsString() @Length(1, 200) sv!: string;
  @ApiProperty() @IsString() @Length(1, 200) en!: string;
  @ApiProperty({ description: 'a referral needs a consent in force that covers the service' }) @IsBoolean() requiresConsent!: boolean;
  @Text(200, { example: 'Family services', description: 'how a consent names the receiving organisation' })
  organisation!: string;
  @Text(200, { example: 'family work', description: 'how a consent names the receiving sector' })
  sector!: string;
}

class ScaleDto {
  @ApiProperty({ example: 1 }) @IsInt() @Min(0) @Max(10) min!: number;
  @ApiProperty({ example: 5 }) @IsInt() @Min(1) @Max(10) max!: number;
}

class LabelDto {
  @ApiProperty({ example: 'parenting' })
  @IsString()
  @Matches(KEY, { message: 'key must be lower-case words joined by hyphens' })
  @Length(1, 60)
  key!: string;
  @ApiProperty() @IsString() @Length(1, 300) fi!: string;
  @ApiProperty() @IsString() @Length(1, 300) sv!: string;
  @ApiProperty() @IsString() @Length(1, 300) en!: string;
}

class StarAreaDto extends LabelDto {
  @OptionalListOf(LabelDto, { max: 20 })
  subItems?: LabelDto[];
}

/** A Wellbeing Star version (key: the version): never changed once recorded. */
export class WellbeingStarVersionDto {
  @ApiProperty({ type: ScaleDto }) @ValidateNested() @Type(() => ScaleDto) scale!: ScaleDto;
  @ListOf(StarAreaDto, { min: 1, max: 20 })
  areas!: StarAreaDto[];
}

/** A feedback form version (key: the version): never changed once recorded. */
class FeedbackFormDto {
  @ApiProperty({ type: ScaleDto }) @ValidateNested() @Type(() => ScaleDto) scale!: ScaleDto;
  @ListOf(LabelDto, { min: 1, max: 30 })
  items!: LabelDto[];
}

export const REFERENCE_DTOS: Record<ReferenceKind, new () => object> = {
  municipalities: MunicipalityDto,
  organisers: OrganiserDto,
  rooms: RoomDto,
  services: ServiceDto,
  'wellbeing-star': WellbeingStarVersionDto,
  'feedback-forms': FeedbackFormDto,
};

/** What the key of each kind must look like (it is the entry's id, code or version). */
export const KEY_PATTERNS: Record<ReferenceKind, { pattern: RegExp; reason: string }> = {
  municipalities: { pattern: /^\d{3}$/, reason: 'a municipality is keyed by its three-digit code' },
  organisers: { pattern: KEY, reason: 'an id of lower-case words joined by hyphens' },
  rooms: { pattern: KEY, reason: 'an id of lower-case words joined by hyphens' },
  services: { pattern: KEY, reason: 'an id of lower-case words joined by hyphens' },
  'wellbeing-star': { pattern: KEY, reason: 'a version of lower-case words and digits joined by hyphens' },
  'feedback-forms': { pattern: KEY, reason: 'a version of lower-case words and digits joined by hyphens' },
};

export class RetireReferenceEntryDto {
  @ApiProperty({ example: 'merged into Mäntyharju on 1 January 2025' }) @IsString() @Length(1, 500) reason!: string;
}

/** A catalogue's query: retired entries too, and the page. */
export class CatalogueQueryDto extends LongPageQueryDto {
  @ApiPropertyOptional({ enum: ['true', 'false'], description: 'retired entries too (default false)' })
  @IsIn(['true', 'false'], { message: 'includeRetired must be true or false' })
  @IsOptional()
  includeRetired?: 'true' | 'false';
}
