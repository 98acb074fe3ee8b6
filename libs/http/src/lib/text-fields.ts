import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, type ApiPropertyOptions } from '@nestjs/swagger';
import { IsOptional, IsString, Length } from 'class-validator';

// Listed bottom-up, as stacked decorators run, so the rules are checked (and named) in the order they always were.

/** A text field of a request body: a string of 1 to `max` characters, documented with `doc`. */
export const Text = (max: number, doc: ApiPropertyOptions = {}) => applyDecorators(Length(1, max), IsString(), ApiProperty(doc));

/** An optional text field: absent, or a string of 1 to `max` characters. */
export const OptionalText = (max: number, doc: ApiPropertyOptions = {}) =>
  applyDecorators(Length(1, max), IsString(), IsOptional(), ApiPropertyOptional(doc));
