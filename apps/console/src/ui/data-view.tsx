import { useTranslation } from 'react-i18next';
import { useFormat } from '../i18n/format';

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;
/** Lower-case words joined by hyphens or one space: how the API writes its codes, never how people write names. */
const CODE = /^[a-z]+(?:[- ][a-z]+)*$/;

/** "validUntil" → "Valid until": field names as the API gives them, made readable (the values are the API's own). */
export function humanise(key: string): string {
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[-_]/g, ' ')
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** A name the API gives (an event type, a field) as the person reads it in their language; else made readable. */
export function useLabel(): (name: string) => string {
  const { t } = useTranslation('labels');
  return (name) => t(name, { defaultValue: humanise(name) });
}

/**
 * Any part of an API answer, shown as it is: objects as definition lists, lists as lists, instants in Finnish time.
 * Used where the API's shape is the point (an overview's parts, an event's data, a state as of a moment).
 */
export function DataView({ value, depth = 0 }: { value: unknown; depth?: number }) {
  const format = useFormat();
  const label = useLabel();
  const { t } = useTranslation('labels');
  // A code the API answers (`close-worker`, `in force`) in the person's language; anything else exactly as written.
  const codeOrText = (text: string) => (CODE.test(text) ? t(text, { defaultValue: text }) : text);
  if (value === null || value === undefined || value === '') return <span>–</span>;
  if (typeof value === 'string') return <span>{ISO_INSTANT.test(value) ? format.dateTime(value) : codeOrText(value)}</span>;
  if (typeof value === 'number') return <span>{format.number(value)}</span>;
  if (typeof value === 'boolean') return <span>{value ? '✓' : '✗'}</span>;
  if (Array.isArray(value)) {
    if (value.length === 0) return <span>–</span>;
    if (value.every((item) => typeof item !== 'object' || item === null)) return <span>{value.map(String).join(', ')}</span>;
    return (
      <ul className="data-list">
        {value.map((item, index) => (
          <li key={index}>
            <DataView value={item} depth={depth + 1} />
          </li>
        ))}
      </ul>
    );
  }
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length === 0) return <span>–</span>;
  return (
    <dl className="facts">
      {entries.map(([key, item]) => (
        <div key={key} style={{ display: 'contents' }}>
          <dt>{label(key)}</dt>
          <dd>
            <DataView value={item} depth={depth + 1} />
          </dd>
        </div>
      ))}
    </dl>
  );
}
