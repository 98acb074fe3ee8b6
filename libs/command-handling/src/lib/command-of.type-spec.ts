/**
 * Checked by `tsc -p tsconfig.json` only (no runtime test): each `@ts-expect-error` line must fail to compile, or
 * the type check fails ("Unused '@ts-expect-error' directive"). The union stands for any service's commands.
 */
import type { Command, CommandMetadata } from '@perheverkko/decider';
import { commandOf, type CommandData, type CommandOfType } from './command-path';

type ExampleCommand =
  | Command<'RecordMandatoryNotification', { notifiedAt: string; authority: string }>
  | Command<'RateZone', { zone: number; reason?: string }>
  | Command<'CloseConcern', { reason: string }>;

declare const metadata: CommandMetadata;

// The member of the union, with its own data shape.
const rated: CommandOfType<ExampleCommand, 'RateZone'> = commandOf<ExampleCommand, 'RateZone'>('RateZone', { zone: 3 }, metadata);
const notified: ExampleCommand = commandOf<ExampleCommand, 'RecordMandatoryNotification'>(
  'RecordMandatoryNotification',
  { notifiedAt: '2026-01-01', authority: 'social care' },
  metadata,
);
export const built: ExampleCommand[] = [rated, notified];

// @ts-expect-error a wrong data shape for the type: another command's data (Pick<C, 'type' | 'data'> let this through)
commandOf<ExampleCommand, 'RecordMandatoryNotification'>('RecordMandatoryNotification', { zone: 3 }, metadata);

// @ts-expect-error a type name the union does not have
commandOf<ExampleCommand, 'RateZones'>('RateZones', { zone: 3 }, metadata);

// @ts-expect-error the type name does not match the type parameter
commandOf<ExampleCommand, 'RateZone'>('CloseConcern', { zone: 3 }, metadata);

// @ts-expect-error a data field of another command beside the type's own
commandOf<ExampleCommand, 'RateZone'>('RateZone', { zone: 3, notifiedAt: '2026-01-01' }, metadata);

// @ts-expect-error a required field missing
commandOf<ExampleCommand, 'CloseConcern'>('CloseConcern', {}, metadata);

// @ts-expect-error a field of the wrong type
commandOf<ExampleCommand, 'RateZone'>('RateZone', { zone: '3' }, metadata);

// @ts-expect-error the result is that member only: it is not another command
export const wrongMember: CommandOfType<ExampleCommand, 'CloseConcern'> = commandOf<ExampleCommand, 'RateZone'>(
  'RateZone',
  { zone: 3 },
  metadata,
);

/** A generic endpoint helper keeps the link between the type and its data (as the services' `execute` do). */
export function endpoint<T extends ExampleCommand['type']>(type: T, data: CommandData<ExampleCommand, T>): ExampleCommand {
  return commandOf<ExampleCommand, T>(type, data, metadata);
}
endpoint('RateZone', { zone: 2 });
// @ts-expect-error through the generic helper too, a wrong data shape does not compile
endpoint('CloseConcern', { zone: 2 });
