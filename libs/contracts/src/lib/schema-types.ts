import type { FromSchema, JSONSchema } from 'json-schema-to-ts';

// What every contract's schema builds on, kept apart so that the contracts and the types drawn from them do not
// import each other.

/** A personal value sealed with the case's key (libs/personal-data): only its shape is checked here. */
export const SEALED_SCHEMA = {
  type: 'object',
  required: ['$sealed', 'iv', 'ct'],
  additionalProperties: false,
  properties: { $sealed: { const: 1 }, iv: { type: 'string' }, ct: { type: 'string' } },
} as const;

/**
 * An instant a service took from its own clock (`new Date().toISOString()`, or a copy of one): RFC 3339, so the
 * format is asserted. `minLength` stays as it always was.
 */
export const INSTANT_SCHEMA = { type: 'string', format: 'date-time', minLength: 20 } as const;

/**
 * An instant a person gave (a meeting's start and end, a consent's end, when a notification was made), stored as
 * sent: the API takes any strict ISO 8601 (`2026-11-26T14:00+02:00`, without seconds, is one), which RFC 3339's
 * `date-time` refuses. Events stored so far may hold such forms, so the format is not asserted here.
 */
export const GIVEN_INSTANT_SCHEMA = {
  type: 'string',
  minLength: 20,
  description: 'ISO 8601 as the person sent it, with an offset where the API asks for one; seconds may be absent (not RFC 3339 date-time)',
} as const;

/** A personal value sealed with the case's key, as a contract describes it. */
export type Sealed = FromSchema<typeof SEALED_SCHEMA>;

/** Event type → data type of a list of contracts kept `as const`, each inferred from its schema by `FromSchema`. */
export type EventDataMap<Contracts extends readonly { type: string; schema: unknown }[]> = {
  [Contract in Contracts[number] as Contract['type']]: Contract['schema'] extends JSONSchema ? FromSchema<Contract['schema']> : never;
};
