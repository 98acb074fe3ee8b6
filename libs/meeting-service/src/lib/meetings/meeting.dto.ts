import { Text, OptionalText, ListOf, OptionalListOf, OneOf, Moment } from '@perheverkko/http';
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
  IsInt,
  IsOptional,
  IsString,
  Length,
  Max,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { CLOSE_WORKER_TASK_KEYS, type CloseWorkerTask } from '@perheverkko/meeting-domain';

class ParticipantDto {
  @Text(200, { description: "a professional is recorded with the directory's name, organisation and sector" })
  name!: string;
  @ApiProperty({ enum: ['family-member', 'child', 'close-person', 'professional'] })
  @IsIn(['family-member', 'child', 'close-person', 'professional'])
  role!: 'family-member' | 'child' | 'close-person' | 'professional';
  @OptionalText(200, {
    description: "not relied on: a professional's comes from the directory; the family's own people are recorded by name and role only",
  })
  organisation?: string;
  @OptionalText(100, { example: 'school', description: 'not relied on, as organisation' })
  sector?: string;
  @OptionalText(100, {
    description:
      "required for a professional: their directory id (GET /directory). They must be the convener, invited (not cancelled or declined), or covered by the family's consent in force; otherwise 409 attendee-not-covered-by-consent",
  })
  professionalId?: string;
}

export class AttendanceDto {
  @ListOf(ParticipantDto, { min: 1, max: 40 })
  participants!: ParticipantDto[];

  @ApiProperty() @IsBoolean() childTookPart!: boolean;
}

export class ConsentFormDto {
  @ApiProperty({ example: ['Mari Esimerkki'], description: 'who in the family signed the "team members and consent" form' })
  @IsArray()
  @ArrayMinSize(1)
  @IsString({ each: true })
  signedBy!: string[];
}

class ViewDto {
  @ApiProperty({ example: 'mother' }) @IsString() @Length(1, 200) party!: string;
  @ApiProperty() @IsString() @Length(1, 5000) view!: string;
}

export class ViewsDto {
  @ListOf(ViewDto, { min: 1 })
  views!: ViewDto[];
}

class StarSubItemRatingDto {
  @Text(100, {
    example: 'parenting-strengths',
    description: "a sub-item of the area in the star's version (GET /wellbeing-star/configs); otherwise 422 star-sub-item",
  })
  subItem!: string;
  @ApiProperty({ example: 4 }) @IsInt() score!: number;
  @ApiPropertyOptional({ description: 'sealed' }) @IsOptional() @IsString() @Length(1, 2000) note?: string;
}

class StarRatingDto {
  @ApiProperty({ example: 'parenting' }) @IsString() area!: string;
  @ApiProperty({ example: 3 }) @IsInt() score!: number;
  @ApiPropertyOptional({ description: 'sealed' }) @IsOptional() @IsString() @Length(1, 2000) note?: string;
  @OptionalListOf(
    StarSubItemRatingDto,
    { max: 20 },
    { description: "the area's sub-items rated on the same scale (thl-2017-2 lists them), each once" },
  )
  subItems?: StarSubItemRatingDto[];
}

export class WellbeingStarDto {
  @Text(100, {
    example: 'thl-2017-2',
    description: 'the version of areas, sub-items and scale rated under (GET /wellbeing-star/configs)',
  })
  configVersion!: string;
  @ApiPropertyOptional({
    example: 1,
    description:
      "which of the case's children the rating concerns: 1 is the first child registered (GET /concerns/{caseId} lists them in order); a child the case does not have is 409 star-child-not-in-case. Left out: the only child, or (several children, older clients) recorded as unknown",
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(20)
  child?: number;
  @ApiPropertyOptional({
    enum: ['family', 'worker'],
    description: "who rated: the family's own view, or the worker's. Absent (older clients): recorded as unknown",
  })
  @IsOptional()
  @IsIn(['family', 'worker'])
  ratedBy?: 'family' | 'worker';
  @ListOf(StarRatingDto, { min: 1, max: 20 }, { description: 'sealed' })
  ratings!: StarRatingDto[];
}

class CloseWorkerTaskDto {
  @OneOf(CLOSE_WORKER_TASK_KEYS, { description: 'a task of the close worker at the joint meeting (seed 002)' })
  task!: CloseWorkerTask;
  @ApiProperty({
    description:
      'done, or (false) not done at this meeting; plan-printed-and-handed-over done needs a plan agreed or in force (409 plan-before-printing)',
  })
  @IsBoolean()
  done!: boolean;
}

export class CloseWorkerTasksDto {
  @ApiProperty({ type: [CloseWorkerTaskDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(CLOSE_WORKER_TASK_KEYS.length)
  @ValidateNested({ each: true })
  @Type(() => CloseWorkerTaskDto)
  tasks!: CloseWorkerTaskDto[];
}

class PlanActionDto {
  @ApiProperty({ enum: ['home', 'everyday-environment', 'elsewhere'] })
  @IsIn(['home', 'everyday-environment', 'elsewhere'])
  arena!: 'home' | 'everyday-environment' | 'elsewhere';
  @ApiPropertyOptional({ description: 'required for actions elsewhere' }) @IsOptional() @IsString() @Length(1, 200) where?: string;
  @ApiProperty() @IsString() @Length(1, 2000) what!: string;
  @ApiProperty() @IsString() @Length(1, 200) who!: string;
  @ApiProperty({ example: '2026-12-10' }) @IsISO8601() by!: string;
}

class FollowUpDto {
  @ApiProperty() @IsString() @Length(1, 1000) workerContactsFamily!: string;
  @ApiProperty() @IsString() @Length(1, 1000) familyContactsWorker!: string;
}

class JointPlanDto {
  @ApiProperty() @IsArray() @ArrayMinSize(1) @IsString({ each: true }) matters!: string[];
  @ListOf(PlanActionDto, { min: 1 })
  actions!: PlanActionDto[];
  @ApiProperty({ type: FollowUpDto }) @IsDefined() @ValidateNested() @Type(() => FollowUpDto) followUp!: FollowUpDto;
  @ApiProperty({ example: '2026-12-07T10:00:00.000Z' }) @IsISO8601({ strict: true }) nextContactAt!: string;
}

export class AgreePlanDto {
  @ApiProperty({ type: JointPlanDto }) @IsDefined() @ValidateNested() @Type(() => JointPlanDto) plan!: JointPlanDto;
}

export class RevisePlanDto extends AgreePlanDto {
  @ApiProperty({ example: 'the worker is away that week' }) @IsString() @Length(1, 2000) reason!: string;
}

export class ConfirmPlanDto {
  @Moment({
    example: '2026-12-21T10:00:00.000Z',
    description:
      'the next contact the meeting agrees with the family; the rest of the plan in force (actions, responsible workers) carries over as it is',
  })
  nextContactAt!: string;
}

class ResponsibleWorkerDto {
  @Text(100, {
    description: 'directory id (GET /directory) of a professional of a public service, covered by a consent of the family in force',
  })
  professionalId!: string;
  @OptionalText(200, { description: "not relied on: recorded with the directory's" })
  name?: string;
  @OptionalText(200, { description: "not relied on: recorded with the directory's" })
  organisation?: string;
  @ApiPropertyOptional({
    description: 'accepted for compatibility and not relied on: whether the worker is of a public service is decided from the directory',
  })
  @IsOptional()
  @IsBoolean()
  publicService?: boolean;
}

export class ResponsibleWorkersDto {
  @ListOf(ResponsibleWorkerDto, { min: 1 })
  workers!: ResponsibleWorkerDto[];
  @OptionalText(2000, {
    description:
      'required when the responsible worker changes, at any meeting (a follow-up meeting starts with the workers of the plan in force); sealed',
  })
  reason?: string;
  @OptionalText(100, {
    description: 'the consent (in force, covering every worker named) the family names them under; default: the first such consent',
  })
  consentId?: string;
}

class ReportRecordDto {
  @Text(200, {
    example: 'Kangasala child health clinic',
    description: 'an organiser in force (GET /reference-data/organisers), by id or name; recorded as its name',
  })
  organizer!: string;
  @ApiProperty() @IsBoolean() referred!: boolean;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 200) referredTo?: string;
  @ApiProperty() @IsBoolean() referredToAssessmentOrSocialWork!: boolean;
  @ApiProperty({ enum: ['yes', 'partly', 'no', 'too-early'] }) @IsIn(['yes', 'partly', 'no', 'too-early']) familyGotHelp!:
    'yes' | 'partly' | 'no' | 'too-early';
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 5000) remarks?: string;
}

class AgendaItemCheckDto {
  @Text(500, { example: 'Mornings and getting to school', description: 'a matter felt important at the meeting; sealed' })
  item!: string;
  @ApiProperty({ description: 'was it covered, as everyone present felt?' }) @IsBoolean() covered!: boolean;
  @ApiPropertyOptional({ description: 'sealed' }) @IsOptional() @IsString() @Length(1, 2000) note?: string;
}

export class CloseMeetingDto {
  @OptionalListOf(
    AgendaItemCheckDto,
    { min: 1, max: 50 },
    {
      description:
        'the joint evaluation at the end, per agenda item: each matter felt important and whether it was covered (sealed). allMattersCovered follows from it',
    },
  )
  agenda?: AgendaItemCheckDto[];

  @ApiPropertyOptional({
    description:
      'were all matters felt important at the moment covered? Required without agenda (older clients: the agenda is then recorded as unknown); with agenda it must agree with it (422 closing-check-contradicts) and may be left out',
  })
  @ValidateIf((o: CloseMeetingDto) => o.agenda === undefined || o.allMattersCovered !== undefined)
  @IsBoolean({ message: 'allMattersCovered must be a boolean; or give agenda, each matter and whether it was covered' })
  allMattersCovered?: boolean;

  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 5000) evaluationNote?: string;
  @ApiProperty({ type: ReportRecordDto }) @IsDefined() @ValidateNested() @Type(() => ReportRecordDto) report!: ReportRecordDto;
}
