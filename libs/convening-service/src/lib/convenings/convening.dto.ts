import { applyDecorators } from '@nestjs/common';
import { Text, OptionalText, ListOf, LongPageQueryDto, Moment, OptionalMoment } from '@perheverkko/http';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { SHAREABLE_CATEGORIES, isShareableCategory, type ShareableCategory } from '@perheverkko/access-model';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsISO8601,
  IsOptional,
  IsString,
  Length,
  Matches,
  type ValidationArguments,
} from 'class-validator';

/**
 * A meeting's time is an instant: ISO 8601 with `Z` or an offset (`2026-11-26T14:00:00+02:00`). Without one the
 * same text names another moment on a server in another zone, so it is refused, naming the field.
 */
const WITH_OFFSET = /(?:Z|[+-]\d{2}:?\d{2})$/i;
const withOffset = ({ property, value }: ValidationArguments) =>
  `${property} needs its offset (Z or e.g. +02:00 for Finnish winter time, +03:00 in summer): ${JSON.stringify(value)} names no instant`;
/** A meeting's start or end: an ISO 8601 instant with its offset (listed bottom-up, as stacked decorators run). */
const Instant = (example: string, description = 'ISO 8601 with an offset (Z or ±hh:mm)') =>
  applyDecorators(Matches(WITH_OFFSET, { message: withOffset }), IsISO8601({ strict: true }), ApiProperty({ example, description }));

/** The refusal of a share list with words outside the vocabulary: which words, and the words allowed. */
function shareVocabulary({ property, value }: ValidationArguments): string {
  const unknown = Array.isArray(value) ? value.filter((word) => !isShareableCategory(word)) : [value];
  return `${property} names what may be shared in these words only: ${SHAREABLE_CATEGORIES.join(', ')} (not ${unknown.map((w) => JSON.stringify(w)).join(', ')})`;
}

class ConsentScopeDto {
  @ApiProperty({ enum: ['person', 'organisation', 'sector'] })
  @IsIn(['person', 'organisation', 'sector'])
  kind!: 'person' | 'organisation' | 'sector';

  @Text(200, {
    example: 'school',
    description:
      "person: a professional's directory id (GET /directory; a professional is never matched by name) or the name of a family member or close person; organisation: its name; sector: its name",
  })
  value!: string;

  @ApiProperty({
    enum: SHAREABLE_CATEGORIES,
    isArray: true,
    example: ['concern', 'joint-plan'],
    description: "what may be shared with them: categories of the case's data (docs/access.md); any other word is refused",
  })
  @IsArray()
  @ArrayMinSize(1)
  @IsIn(SHAREABLE_CATEGORIES, { each: true, message: shareVocabulary })
  share!: ShareableCategory[];
}

export class GrantConsentDto {
  @ApiProperty({ example: ['Mari Esimerkki'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(4)
  @IsString({ each: true })
  @Length(1, 200, { each: true })
  guardians!: string[];

  @ApiProperty({ example: ['Aada Esimerkki'] })
  @IsArray()
  @ArrayMinSize(1)
  @IsString({ each: true })
  @Length(1, 200, { each: true })
  children!: string[];

  @ListOf(ConsentScopeDto, { min: 1 })
  scopes!: ConsentScopeDto[];

  @Moment({ example: '2027-06-01T00:00:00.000Z' })
  validUntil!: string;

  @ApiProperty({ enum: ['paper-form', 'electronic'], description: 'signed on the "team members and consent" form, or electronically' })
  @IsIn(['paper-form', 'electronic'])
  givenAs!: 'paper-form' | 'electronic';
}

export class ExtendConsentDto {
  @ListOf(ConsentScopeDto, { min: 1 })
  scopes!: ConsentScopeDto[];

  @OptionalMoment()
  validUntil?: string;
}

export class WithdrawConsentDto {
  @Text(200, {
    example: 'Mari Esimerkki',
    description:
      "which guardian withdrew it: one of the consent's guardians, as the consent names them (otherwise 422, rule withdrawn-by-consenting-guardian); stored sealed",
  })
  withdrawnBy!: string;
}

export class InviteDto {
  @ApiProperty({ enum: ['professional', 'family-member', 'close-person'] })
  @IsIn(['professional', 'family-member', 'close-person'])
  kind!: 'professional' | 'family-member' | 'close-person';

  @ApiPropertyOptional({ description: 'a professional from the directory (GET /directory)' })
  @IsOptional()
  @IsString()
  directoryId?: string;

  @OptionalText(200, { description: 'a family member or close person' })
  name?: string;
}

export class ReplyDto {
  @ApiProperty({ enum: ['accept', 'decline', 'propose-time'] })
  @IsIn(['accept', 'decline', 'propose-time'])
  reply!: 'accept' | 'decline' | 'propose-time';

  @OptionalMoment()
  proposedTime?: string;
}

export class ScheduleMeetingDto {
  @ApiProperty({ enum: ['first', 'follow-up'] })
  @IsIn(['first', 'follow-up'])
  kind!: 'first' | 'follow-up';

  @Instant('2026-11-26T14:00:00+02:00')
  startsAt!: string;

  @Instant('2026-11-26T15:30:00+02:00')
  endsAt!: string;

  @Text(100, { example: 'neuvola-2', description: 'a room in force in the reference data (GET /reference-data/rooms)' })
  roomId!: string;

  @OptionalText(2000, { description: 'required for a fourth or later meeting' })
  followUpReason?: string;
}

export class RescheduleMeetingDto {
  @Instant('2026-11-27T10:00:00+02:00', 'the new start, ISO 8601 with an offset (Z or ±hh:mm)')
  startsAt!: string;

  @Instant('2026-11-27T11:30:00+02:00', 'the new end, ISO 8601 with an offset')
  endsAt!: string;

  @Text(100, {
    example: 'neuvola-2',
    description: 'the room, the same or another, in force in the reference data (GET /reference-data/rooms)',
  })
  roomId!: string;

  @Text(2000, { example: 'the family asked for a morning time', description: 'why the meeting moves; stored sealed' })
  reason!: string;
}

export class CancelMeetingDto {
  @Text(2000, {
    example: 'the family wants to wait until after the holidays',
    description: 'why the meeting is called off; stored sealed',
  })
  reason!: string;
}

/** The staff directory's query: a sector, and the page. */
export class DirectoryQueryDto extends LongPageQueryDto {
  @ApiPropertyOptional({ description: 'only the professionals of this sector', example: 'school' })
  @Length(1, 100)
  @IsString()
  @IsOptional()
  sector?: string;
}
