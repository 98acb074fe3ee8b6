import { Text, OptionalText, ListOf } from '@perheverkko/http';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsOptional, IsString, Length, Matches, Min, ValidateNested } from 'class-validator';

export class ProgressDto {
  @ApiProperty() @IsInt() @Min(0) actionIndex!: number;
  @ApiProperty({ enum: ['not-started', 'under-way', 'done', 'dropped'] }) @IsIn(['not-started', 'under-way', 'done', 'dropped']) status!:
    'not-started' | 'under-way' | 'done' | 'dropped';
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 2000) note?: string;
}

export class ContactDto {
  @ApiProperty() @IsISO8601({ strict: true }) at!: string;
  @ApiProperty({ enum: ['phone', 'meeting', 'message', 'home-visit', 'other'] })
  @IsIn(['phone', 'meeting', 'message', 'home-visit', 'other'])
  method!: 'phone' | 'meeting' | 'message' | 'home-visit' | 'other';
  @ApiProperty() @IsString() @Length(1, 5000) summary!: string;
  @ApiPropertyOptional() @IsOptional() @IsISO8601({ strict: true }) nextContactAt?: string;
}

export class FollowUpRequestDto {
  @ApiProperty() @IsString() @Length(1, 2000) reason!: string;
  @OptionalText(2000, { description: 'required beyond three meetings in all' })
  furtherMeetingReason?: string;
}

class ReferralConsentDto {
  @ApiProperty({ enum: ['consent', 'law'] }) @IsIn(['consent', 'law']) basis!: 'consent' | 'law';
  @Text(200, {
    description:
      "the consent id (given in this case, in force, covering the receiving service's organisation or sector; otherwise 422 referral-consent-unknown or 409), or the section of law",
  })
  reference!: string;
}

class ReferralDto {
  @Text(100, { example: 'family-counselling', description: 'a service in force in the catalogue (GET /service-catalogue)' })
  serviceId!: string;
  @ApiPropertyOptional({ type: ReferralConsentDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => ReferralConsentDto)
  consent?: ReferralConsentDto;
}

export class OutcomeDto {
  @ApiProperty({ enum: ['sufficient', 'continue', 'stronger-support'] }) @IsIn(['sufficient', 'continue', 'stronger-support']) outcome!:
    'sufficient' | 'continue' | 'stronger-support';
  @ApiPropertyOptional({ type: ReferralDto }) @IsOptional() @ValidateNested() @Type(() => ReferralDto) referral?: ReferralDto;
}

export class ClosureDto {
  @ApiProperty({ enum: ['everyday-life-runs-smoothly', 'stronger-support-arranged', 'family-withdrew', 'other'] })
  @IsIn(['everyday-life-runs-smoothly', 'stronger-support-arranged', 'family-withdrew', 'other'])
  reason!: 'everyday-life-runs-smoothly' | 'stronger-support-arranged' | 'family-withdrew' | 'other';
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 2000) note?: string;
}

export class ReopenDto {
  @ApiProperty({ description: 'the new concern' }) @IsString() @Length(1, 2000) reason!: string;
}

class FeedbackAnswerDto {
  @ApiProperty() @IsString() item!: string;
  @ApiProperty() @IsInt() score!: number;
}

export class FeedbackDto {
  @Text(100, { example: 'kangasala-2024-1', description: 'a form version in force (GET /feedback-forms)' })
  formVersion!: string;
  @ListOf(FeedbackAnswerDto, { min: 1 })
  answers!: FeedbackAnswerDto[];
  @OptionalText(5000, { description: "the family's own words; kept, never published" })
  freeText?: string;
  @ApiProperty({ example: '2031-03', description: 'the month only, so the form cannot be tied to a meeting' })
  @IsString()
  @Matches(/^\d{4}-(0[1-9]|1[0-2])$/, { message: 'month must be YYYY-MM, its month from 01 to 12' })
  month!: string;
  @Text(200, {
    example: 'Kangasala child health clinic',
    description: 'an organiser in force (GET /reference-data/organisers), by id or name; recorded as its name',
  })
  organizer!: string;
}
