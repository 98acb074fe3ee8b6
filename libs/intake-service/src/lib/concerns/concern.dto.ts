import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsDefined, IsIn, IsInt, IsISO8601, IsOptional, IsString, Length, Max, Min, ValidateBy, ValidateNested } from 'class-validator';
import { ENTRY_CHANNELS, ROUTES, TEMPORARY_ID, identityCodeProblem, type EntryChannel, type Route } from '@perheverkko/intake-domain';

/** A Finnish personal identity code with a correct date and check character, or a temporary identifier. */
const IsPersonIdentifier = () =>
  ValidateBy({
    name: 'isPersonIdentifier',
    validator: {
      validate: (value: unknown) => typeof value === 'string' && (TEMPORARY_ID.test(value) || identityCodeProblem(value) === undefined),
      defaultMessage: (args) => {
        const value = args?.value;
        const problem = typeof value === 'string' ? identityCodeProblem(value) : 'must be a string';
        return `identifier ${problem}; or give a temporary identifier TEMP-… when the code is not known`;
      },
    },
  });

export class PersonDto {
  @ApiProperty({ example: 'Aada Esimerkki' })
  @IsString()
  @Length(1, 200)
  name!: string;

  @ApiProperty({ example: '010118A9989', description: 'Finnish personal identity code, or TEMP-… when none is known' })
  @IsString()
  @IsPersonIdentifier()
  identifier!: string;
}

export class RegisterConcernDto {
  @ApiProperty({ enum: ENTRY_CHANNELS })
  @IsIn(ENTRY_CHANNELS)
  channel!: EntryChannel;

  @ApiProperty({ example: 'child health clinic', description: 'the sector of the worker who raised the concern' })
  @IsString()
  @Length(1, 100)
  sector!: string;

  @ApiProperty({ example: 'Kangasala', description: "the family's home municipality (reporting counts per municipality)" })
  @IsString()
  @Length(1, 100)
  municipality!: string;

  @ApiProperty({ type: [PersonDto] })
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => PersonDto)
  children!: PersonDto[];

  @ApiProperty({ type: [PersonDto] })
  @IsArray()
  @ArrayMaxSize(10)
  @ValidateNested({ each: true })
  @Type(() => PersonDto)
  guardians!: PersonDto[];

  @ApiProperty({ example: 'Tired every morning, has missed school twice this week.' })
  @IsString()
  @Length(1, 5000)
  description!: string;

  @ApiProperty({ minimum: 1, maximum: 4, description: '1 no concern, 2 concern, 3 growing concern, 4 very worried' })
  @IsInt()
  @Min(1)
  @Max(4)
  zone!: 1 | 2 | 3 | 4;

  @ApiProperty({ enum: ['worker', 'family'], description: "the worker's rating, or the family's own view" })
  @IsIn(['worker', 'family'])
  ratedBy!: 'worker' | 'family';
}

export class RateZoneDto {
  @ApiProperty({ minimum: 1, maximum: 4 })
  @IsInt()
  @Min(1)
  @Max(4)
  zone!: 1 | 2 | 3 | 4;

  @ApiProperty({ enum: ['worker', 'family'] })
  @IsIn(['worker', 'family'])
  ratedBy!: 'worker' | 'family';
}

export class RaisingWithFamilyDto {
  @ApiProperty({ example: '2026-11-23T09:00:00.000Z' })
  @IsISO8601({ strict: true })
  raisedAt!: string;

  @ApiProperty({ example: ['mother', 'child', 'public health nurse'] })
  @IsArray()
  @ArrayMaxSize(30)
  @IsString({ each: true })
  @Length(1, 200, { each: true })
  present!: string[];

  @ApiProperty({ example: 'Relieved that it was raised; wants to think about support.' })
  @IsString()
  @Length(1, 5000)
  familyResponse!: string;

  @ApiProperty({ example: 'Sleep diary for two weeks' })
  @IsString()
  @Length(1, 2000)
  nextStep!: string;

  @ApiPropertyOptional({ description: 'required in zone 2: when the concern is raised again' })
  @IsOptional()
  @IsISO8601({ strict: true })
  reRaiseAt?: string;
}

export class RoutingFactsDto {
  @ApiProperty({ minimum: 1, maximum: 4 })
  @IsInt()
  @Min(1)
  @Max(4)
  zone!: 1 | 2 | 3 | 4;

  @ApiProperty() @IsBoolean() socialWorkClient!: boolean;
  @ApiProperty() @IsBoolean() guardiansCommit!: boolean;
  @ApiProperty() @IsBoolean() suspectedViolence!: boolean;
  @ApiProperty() @IsBoolean() suspectedSexualAbuse!: boolean;
  @ApiProperty() @IsBoolean() suspectedSubstanceAbuse!: boolean;
  @ApiProperty() @IsBoolean() familyWishesSupport!: boolean;
  @ApiProperty() @IsBoolean() otherSocialWorkWished!: boolean;
}

export class DecideRouteDto {
  @ApiProperty({ type: RoutingFactsDto })
  @IsDefined()
  @ValidateNested()
  @Type(() => RoutingFactsDto)
  facts!: RoutingFactsDto;

  @ApiProperty({ enum: ROUTES })
  @IsIn(ROUTES)
  chosenRoute!: Route;

  @ApiPropertyOptional({ description: 'required when the chosen route departs from the recommendation' })
  @IsOptional()
  @IsString()
  @Length(1, 2000)
  deviationReason?: string;
}

export class MandatoryNotificationDto {
  @ApiProperty({ enum: ['child-protection', 'police'] })
  @IsIn(['child-protection', 'police'])
  kind!: 'child-protection' | 'police';

  @ApiProperty({ example: '2026-11-23T09:30:00.000Z' })
  @IsISO8601({ strict: true })
  madeAt!: string;

  @ApiProperty({ example: 'Kangasala on-call child protection' })
  @IsString()
  @Length(1, 300)
  recipient!: string;
}
