import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, type ApiPropertyOptions } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  Length,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';

// The fields request bodies share, each a line instead of a stack. Listed bottom-up, as stacked decorators run, so
// the rules are checked (and named) in the order they always were.

/** A text field of a request body: a string of 1 to `max` characters, documented with `doc`. */
export const Text = (max: number, doc: ApiPropertyOptions = {}) => applyDecorators(Length(1, max), IsString(), ApiProperty(doc));

/** An optional text field: absent, or a string of 1 to `max` characters. */
export const OptionalText = (max: number, doc: ApiPropertyOptions = {}) =>
  applyDecorators(Length(1, max), IsString(), IsOptional(), ApiPropertyOptional(doc));

interface ListLimits {
  min?: number;
  max?: number;
}

const listRules = (item: new () => object, { min, max }: ListLimits) => [
  Type(() => item),
  ValidateNested({ each: true }),
  ...(max === undefined ? [] : [ArrayMaxSize(max)]),
  ...(min === undefined ? [] : [ArrayMinSize(min)]),
  IsArray(),
];

/** A list of objects, each validated as `item`, with at least `min` and at most `max` of them. */
export const ListOf = (item: new () => object, limits: ListLimits = {}, doc: ApiPropertyOptions = {}) =>
  applyDecorators(...listRules(item, limits), ApiProperty({ type: [item], ...doc }));

/** An optional list of objects, each validated as `item`. */
export const OptionalListOf = (item: new () => object, limits: ListLimits = {}, doc: ApiPropertyOptions = {}) =>
  applyDecorators(...listRules(item, limits), IsOptional(), ApiPropertyOptional({ type: [item], ...doc }));

/** One of the listed values. */
export const OneOf = (values: readonly unknown[], doc: ApiPropertyOptions = {}) =>
  applyDecorators(IsIn(values), ApiProperty({ enum: [...values], ...doc }));

/** Absent, or one of the listed values. */
export const OptionalOneOf = (values: readonly unknown[], doc: ApiPropertyOptions = {}) =>
  applyDecorators(IsIn(values), IsOptional(), ApiPropertyOptional({ enum: [...values], ...doc }));

/** A whole number from `min` to `max`. */
export const WholeNumber = (min: number, max: number, doc: ApiPropertyOptions = {}) =>
  applyDecorators(Max(max), Min(min), IsInt(), ApiProperty({ minimum: min, maximum: max, ...doc }));

/** A moment in time, ISO 8601 (e.g. 2026-11-23T09:00:00.000Z). */
export const Moment = (doc: ApiPropertyOptions = {}) => applyDecorators(IsISO8601({ strict: true }), ApiProperty(doc));

/** Absent, or a moment in time, ISO 8601. */
export const OptionalMoment = (doc: ApiPropertyOptions = {}) =>
  applyDecorators(IsISO8601({ strict: true }), IsOptional(), ApiPropertyOptional(doc));
