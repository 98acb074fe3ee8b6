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

/** A personal value sealed with the case's key, as a contract describes it. */
export type Sealed = FromSchema<typeof SEALED_SCHEMA>;

/** Event type → data type of a list of contracts kept `as const`, each inferred from its schema by `FromSchema`. */
export type EventDataMap<Contracts extends readonly { type: string; schema: unknown }[]> = {
  [Contract in Contracts[number] as Contract['type']]: Contract['schema'] extends JSONSchema ? FromSchema<Contract['schema']> : never;
};
