import { Text } from '@perheverkko/http';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';
import { ADOPTION_STAGES } from '@perheverkko/reporting-domain';

export class AdoptionStageDto {
  @Text(100, { example: 'Pohjois-Savo', description: 'the wellbeing services county the municipality belongs to' })
  region!: string;
  @ApiProperty({
    minimum: 1,
    maximum: 5,
    description: Object.entries(ADOPTION_STAGES)
      .map(([n, s]) => `${n} ${s}`)
      .join('; '),
  })
  @IsInt()
  @Min(1)
  @Max(5)
  stage!: number;
  @ApiPropertyOptional({ description: 'required when the stage goes back' }) @IsOptional() @IsString() @Length(1, 2000) note?: string;
}

export class MunicipalityParams {
  @Text(100, {
    example: 'Kuopio',
    description: 'a municipality of Finland: its code, or its Finnish or Swedish name (case ignored); recorded by its Finnish name',
  })
  municipality!: string;
}
