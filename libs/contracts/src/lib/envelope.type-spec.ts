/**
 * Checked by `tsc -p tsconfig.json` only: the envelope's schema (written to docs/events/schemas for other languages)
 * and the hand-written `IntegrationEvent` the code uses describe the same message.
 */
import type { ENVELOPE_SCHEMA, Envelope } from './envelope-schema';
import type { IntegrationEvent } from './integration-event';

declare const envelope: Envelope;

// What the schema accepts, the code can hold.
export const fromSchema: IntegrationEvent = envelope;

// The same fields, no more and no fewer.
type SchemaFields = keyof (typeof ENVELOPE_SCHEMA)['properties'];
type Difference = Exclude<keyof IntegrationEvent, SchemaFields> | Exclude<SchemaFields, keyof IntegrationEvent>;
export const sameFields: [Difference] extends [never] ? true : false = true;
