import { Text, OptionalText, ListOf, OneOf, WholeNumber, Moment, OptionalMoment } from '@perheverkko/http';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsDefined,
  IsIn,
  IsISO8601,
  IsOptional,
  IsString,
  Length,
  Matches,
  ValidateBy,
  ValidateNested,
} from 'class-validator';
import { ENTRY_CHANNELS, ROUTES } from '@perheverkko/contracts';
import {
  CONTACT_WAYS,
  SERVICE_RELATIONS,
  TEMPORARY_ID,
  ZONE_2_SERVICE_KIND_KEYS,
  identityCodeProblem,
  type ContactWay,
  type EntryChannel,
  type Route,
  type ServiceRelation,
  type Zone2ServiceKind,
} from '@perheverkko/intake-domain';

/** A Finnish personal identity code with a correct date and check character, or a temporary identifier. */
const IsPersonIdentifier = () =>
  ValidateBy({
    name: 'isPersonIdentifier',
    validator: {
      validate: (value: unknown) => typeof value === 'string' && (TEMPORARY_ID.test(value) || identityCodeProblem(value) === undefined),
      defaultMessage: (args) => {
        const value = args?.value;
        if (typeof value !== 'string') return 'identifier must be a string: a personal identity code, or TEMP-… when none is known';
        // Say the rule the value broke: one that starts as a temporary identifier is told the temporary rule.
        if (/^TEMP-/i.test(value)) {
          return 'identifier: a temporary identifier is TEMP- followed by 4–40 letters, digits or hyphens (e.g. TEMP-2026-0001)';
        }
        return `identifier ${identityCodeProblem(value)}; or give a temporary identifier TEMP-… when the code is not known`;
      },
    },
  });

class PersonDto {
  @Text(200, { example: 'Aada Esimerkki' })
  name!: string;

  @ApiProperty({ example: '010118A9989', description: 'Finnish personal identity code, or TEMP-… when none is known' })
  @IsString()
  @IsPersonIdentifier()
  identifier!: string;

  @ApiPropertyOptional({
    example: '2018-01-01',
    description:
      'YYYY-MM-DD. With a temporary identifier, lets intake find an open case of the same child (normalised name and birth date); ' +
      'with an identity code it must be the date the code gives (it is read from the code anyway)',
  })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'birthDate must be a date YYYY-MM-DD' })
  @IsISO8601({ strict: true }, { message: 'birthDate must be a real date YYYY-MM-DD' })
  birthDate?: string;
}

export class RegisterConcernDto {
  @OneOf(ENTRY_CHANNELS)
  channel!: EntryChannel;

  @Text(100, { example: 'child health clinic', description: 'the sector of the worker who raised the concern' })
  sector!: string;

  @Text(100, { example: 'Kangasala', description: "the family's home municipality (reporting counts per municipality)" })
  municipality!: string;

  @ListOf(PersonDto, { max: 20 })
  children!: PersonDto[];

  @ListOf(PersonDto, { max: 10 })
  guardians!: PersonDto[];

  @Text(5000, { example: 'Tired every morning, has missed school twice this week.' })
  description!: string;

  @WholeNumber(1, 4, { description: '1 no concern, 2 concern, 3 growing concern, 4 very worried' })
  zone!: 1 | 2 | 3 | 4;

  @ApiProperty({ enum: ['worker', 'family'], description: "the worker's rating, or the family's own view" })
  @IsIn(['worker', 'family'])
  ratedBy!: 'worker' | 'family';

  @ApiPropertyOptional({
    description:
      'true: register a case of its own although a child matched an open case of another worker, because the worker knows it is a ' +
      "different child (409 open-case-exists said so). Logged in both cases' processing histories",
  })
  @IsOptional()
  @IsBoolean()
  separateCase?: boolean;
}

/** Another worker's concern about a child who has an open case, joined to that case instead of registered again. */
export class JoinOpenCaseDto {
  @ApiProperty({
    example: 'oc_5f1d0c3a9b7e4d2f8a6c1b0e9d8f7a6b',
    description: 'the reference 409 open-case-exists gave you for that case (it is yours only)',
  })
  @IsString()
  @Matches(/^oc_[0-9a-f]{32}$/, { message: 'reference must be the oc_… reference given by 409 open-case-exists' })
  reference!: string;

  @ListOf(
    PersonDto,
    { min: 1, max: 20 },
    { description: 'the child or children as in the registration that was warned: the case is found again by them' },
  )
  children!: PersonDto[];

  @OneOf(ENTRY_CHANNELS)
  channel!: EntryChannel;

  @Text(100, { example: 'school', description: 'the sector of the worker who has the concern' })
  sector!: string;

  @Text(5000, { example: 'Falls asleep in class most mornings.' })
  description!: string;

  @WholeNumber(1, 4, { description: "the joining worker's own zone: kept with their concern, the case's rating is not changed" })
  zone!: 1 | 2 | 3 | 4;

  @ApiProperty({ enum: ['worker', 'family'] })
  @IsIn(['worker', 'family'])
  ratedBy!: 'worker' | 'family';
}

export class RateZoneDto {
  @WholeNumber(1, 4)
  zone!: 1 | 2 | 3 | 4;

  @ApiProperty({ enum: ['worker', 'family'] })
  @IsIn(['worker', 'family'])
  ratedBy!: 'worker' | 'family';
}

export class RaisingWithFamilyDto {
  @Moment({ example: '2026-11-23T09:00:00.000Z' })
  raisedAt!: string;

  @ApiProperty({ example: ['mother', 'child', 'public health nurse'] })
  @IsArray()
  @ArrayMaxSize(30)
  @IsString({ each: true })
  @Length(1, 200, { each: true })
  present!: string[];

  @Text(5000, { example: 'Relieved that it was raised; wants to think about support.' })
  familyResponse!: string;

  @Text(2000, { example: 'Sleep diary for two weeks' })
  nextStep!: string;

  @OptionalMoment({ description: 'required in zone 2: when the concern is raised again' })
  reRaiseAt?: string;
}

export class RoutingFactsDto {
  @WholeNumber(1, 4)
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

  @OneOf(ROUTES)
  chosenRoute!: Route;

  @OptionalText(2000, { description: 'required when the chosen route departs from the recommendation' })
  deviationReason?: string;
}

export class MandatoryNotificationDto {
  @ApiProperty({ enum: ['child-protection', 'police'] })
  @IsIn(['child-protection', 'police'])
  kind!: 'child-protection' | 'police';

  @Moment({ example: '2026-11-23T09:30:00.000Z' })
  madeAt!: string;

  @Text(300, { example: 'Kangasala on-call child protection' })
  recipient!: string;
}

export class NeedsAssessmentContactDto {
  @Moment({ example: '2026-11-24T10:00:00.000Z', description: 'when the contact was made (not in the future)' })
  madeAt!: string;

  @ApiProperty({
    example: ['Mari Esimerkki'],
    description:
      'the guardians who made the contact together with the worker (seed 003: made together with the parents), as registered with the concern; sealed. If they will not make it together, a child-protection notification is made instead',
  })
  @IsArray()
  @ArrayMinSize(1, { message: 'parents must name at least one guardian: the contact is made together with the parents' })
  @ArrayMaxSize(10)
  @IsString({ each: true })
  @Length(1, 200, { each: true })
  parents!: string[];

  @Text(300, { example: 'Kangasala social care, family services intake', description: 'the social-care office the form went to; sealed' })
  recipient!: string;

  @Text(5000, {
    example: 'Concern for the child’s wellbeing; the family wishes social work beyond family work.',
    description: 'what the contact says, as written on the form; sealed',
  })
  content!: string;
}

class ContactedServiceDto {
  @OneOf(ZONE_2_SERVICE_KIND_KEYS, { description: 'the kinds seed 000 names, or other (then name it)' })
  kind!: Zone2ServiceKind;

  @OptionalText(200, { example: 'Kangasala family counselling', description: 'required for kind other' })
  name?: string;
}

export class ServiceContactDto {
  @ApiProperty({ type: ContactedServiceDto, description: 'sealed: which services a family uses is its own (health) information' })
  @IsDefined()
  @ValidateNested()
  @Type(() => ContactedServiceDto)
  service!: ContactedServiceDto;

  @OneOf(SERVICE_RELATIONS, { description: 'a service the family already has, or one named for the area' })
  relation!: ServiceRelation;

  @OneOf(CONTACT_WAYS, { description: 'made together with the family, or by the worker with its permission' })
  how!: ContactWay;

  @Moment({
    example: '2026-11-24T10:00:00.000Z',
    description: 'when: after the concern was raised with the family, not in the future',
  })
  contactedAt!: string;

  @OptionalText(2000, { example: 'Agreed that the clinic follows sleep at the next visit.', description: 'what was agreed; sealed' })
  note?: string;
}
