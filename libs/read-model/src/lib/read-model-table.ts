import { createHash } from 'node:crypto';
import { EntitySchema, type EntitySchemaColumnOptions } from 'typeorm';
import type { RecordedEvent } from '@perheverkko/event-store';

/** The column types read models use; timestamps read back as ISO-8601 strings, so rows compare as plain JSON. */
type ColumnType = 'text' | 'text[]' | 'integer' | 'boolean' | 'timestamptz' | 'jsonb';

interface ColumnSpec {
  type: ColumnType;
  nullable?: boolean;
  /** Indexed for the report's filters. */
  index?: boolean;
}

/**
 * One table of a projection: its columns, and how each event changes its rows (pure: `(row, event) → row | null`).
 * The same definition makes the live table and its shadow copy during a rebuild.
 */
export interface ReadModelTable<Row extends object = Record<string, unknown>> {
  name: string;
  primaryKey: keyof Row & string;
  columns: { [Column in keyof Row]: ColumnSpec };
  keyOf(event: RecordedEvent): string | undefined;
  evolve(row: Row | null, event: RecordedEvent): Row | null;
}

/** A projection: tables that are built, checkpointed, rebuilt and swapped together, in a schema of their own. */
export interface ProjectionDefinition {
  /** e.g. "annual-report"; also the checkpoint's name. */
  name: string;
  /** The live schema; a rebuild builds `<schema>_next` and renames it into place. */
  schema: string;
  // Tables hold different row types; each table's rules only ever see their own rows.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  tables: ReadModelTable<any>[];
  /** Bump when the rules change meaning without changing columns: the next start rebuilds. */
  rulesVersion: number;
}

/** Changes whenever the columns or the rules' version change: a live projection of another shape is rebuilt. */
export function shapeOf(projection: ProjectionDefinition): string {
  const shape = projection.tables.map((t) => ({ name: t.name, primaryKey: t.primaryKey, columns: t.columns }));
  return createHash('sha256')
    .update(JSON.stringify({ shape, rules: projection.rulesVersion }))
    .digest('hex')
    .slice(0, 16);
}

const isoTimestamp = {
  to: (value: string | null | undefined) => value,
  from: (value: Date | null) => (value === null ? null : value.toISOString()),
};

function columnOptions(name: string, spec: ColumnSpec, primary: boolean): EntitySchemaColumnOptions {
  const base = { name: snakeCase(name), nullable: spec.nullable ?? false, primary };
  switch (spec.type) {
    case 'text[]':
      return { ...base, type: 'text', array: true };
    case 'timestamptz':
      return { ...base, type: 'timestamptz', transformer: isoTimestamp };
    default:
      return { ...base, type: spec.type };
  }
}

export function snakeCase(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

const SQL_TYPES: Record<ColumnType, string> = {
  text: 'text',
  'text[]': 'text[]',
  integer: 'integer',
  boolean: 'boolean',
  timestamptz: 'timestamptz',
  jsonb: 'jsonb',
};

/**
 * One statement that upserts any number of rows passed as one JSON array ($1): far cheaper to build and send than
 * a multi-row VALUES list with a parameter per cell. Rows are keyed by property name, as the rules produce them.
 */
export function upsertStatement(table: ReadModelTable, schema: string): string {
  const properties = Object.keys(table.columns);
  const columns = properties.map((p) => `"${snakeCase(p)}"`);
  const updates = properties.filter((p) => p !== table.primaryKey).map((p) => `"${snakeCase(p)}" = excluded."${snakeCase(p)}"`);
  return `insert into "${schema}"."${table.name}" (${columns.join(', ')})
    select ${properties.map((p) => `r."${p}"`).join(', ')}
      from jsonb_to_recordset($1::jsonb) as r(${properties.map((p) => `"${p}" ${SQL_TYPES[(table.columns as Record<string, ColumnSpec>)[p].type]}`).join(', ')})
    on conflict ("${snakeCase(table.primaryKey)}") do ${updates.length ? `update set ${updates.join(', ')}` : 'nothing'}`;
}

/** Entities are looked up by name: `<schema>.<table>`. */
export const entityNameOf = (table: Pick<ReadModelTable, 'name'>, schema: string) => `${schema}.${table.name}`;
export const stateEntityNameOf = (schema: string) => `${schema}.projection_state`;

/** The TypeORM entity of a table in a given schema (live or shadow). */
export function entityOf(table: ReadModelTable, schema: string): EntitySchema {
  return new EntitySchema({
    name: entityNameOf(table, schema),
    tableName: table.name,
    schema,
    columns: Object.fromEntries(
      Object.entries(table.columns).map(([name, spec]) => [name, columnOptions(name, spec as ColumnSpec, name === table.primaryKey)]),
    ),
    indices: Object.entries(table.columns)
      .filter(([, spec]) => (spec as ColumnSpec).index)
      .map(([name]) => ({ name: `${table.name}_${snakeCase(name)}_idx`, columns: [name] })),
  });
}

/** Where a projection stands: its checkpoint in the global log, its shape, and how much it has applied. */
export interface ProjectionState {
  name: string;
  commitPosition: string | null;
  preparePosition: string | null;
  shape: string;
  eventsApplied: number;
  updatedAt: string | null;
}

export function stateEntityOf(schema: string): EntitySchema<ProjectionState> {
  return new EntitySchema<ProjectionState>({
    name: stateEntityNameOf(schema),
    tableName: 'projection_state',
    schema,
    columns: {
      name: { type: 'text', primary: true },
      commitPosition: { name: 'commit_position', type: 'bigint', nullable: true },
      preparePosition: { name: 'prepare_position', type: 'bigint', nullable: true },
      shape: { type: 'text' },
      eventsApplied: { name: 'events_applied', type: 'bigint', transformer: { to: (n: number) => n, from: (s: string) => Number(s) } },
      updatedAt: { name: 'updated_at', type: 'timestamptz', nullable: true, transformer: isoTimestamp },
    },
  });
}
