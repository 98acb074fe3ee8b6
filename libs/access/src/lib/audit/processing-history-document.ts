import PDFDocument from 'pdfkit';
import { CASE_DATA_CATEGORIES, CATEGORY_LABELS } from '@perheverkko/access-model';
import { formatFinnishDateTime } from '@perheverkko/decider';
import type { AccessEntry, RecordedAccess } from './access-log';
import { PROCESSING_HISTORY_TEXTS, type HistoryLanguage, type ProcessingHistoryTexts } from './processing-history-texts';

/**
 * One entry of the family's answer: when, who, and the log entry's own words of what was done with which data,
 * to whom, on which basis, and (refusals) by which rule.
 */
type ProcessingHistoryEntry = Pick<AccessEntry, 'action' | 'what' | 'purpose' | 'recipient' | 'basis' | 'rule' | 'reason'> & {
  at: string;
  who: { id: string; role: string; organisation: string };
};

/** The answer to a family's request under 703/2023: every entry of the access log on the case in the period. */
export interface ProcessingHistory {
  caseId: string;
  since: string;
  until: string;
  entries: ProcessingHistoryEntry[];
}

/** A rule's name as refusals name it (`role-not-allowed`), before the words that explain it. */
const RULE_THEN_REASON = /^([a-z][a-z0-9]*(?:-[a-z0-9]+)+): (.+)$/s;

export function processingHistoryEntry(recorded: RecordedAccess): ProcessingHistoryEntry {
  // Refusals written without `rule` and `reason` of their own carried them in `purpose` ("<rule>: <reason>", or the reason alone).
  const olderRefusal = recorded.action === 'refused' && recorded.rule === undefined && recorded.reason === undefined;
  const older = olderRefusal ? RULE_THEN_REASON.exec(recorded.purpose ?? '') : null;
  const entry: ProcessingHistoryEntry = {
    at: recorded.at,
    who: { id: recorded.actorId, role: recorded.actorRole, organisation: recorded.organisation },
    action: recorded.action,
    what: recorded.what,
    purpose: olderRefusal ? undefined : recorded.purpose,
    recipient: recorded.recipient,
    basis: recorded.basis,
    rule: older ? older[1] : recorded.rule,
    reason: older ? older[2] : olderRefusal ? recorded.purpose : recorded.reason,
  };
  return Object.fromEntries(Object.entries(entry).filter(([, value]) => value !== undefined)) as unknown as ProcessingHistoryEntry;
}

/** Finnish time in the reader's own format (fi-FI, sv-FI, en-GB), whatever the server's zone. */
export function helsinkiTime(iso: string, language: HistoryLanguage): string {
  return formatFinnishDateTime(iso, language, { seconds: true });
}

/** A category the log names (by key, or in words such as "joint plan") in the reader's language; other words as recorded. */
function whatIn(what: string, language: HistoryLanguage): string {
  return what
    .split(',')
    .map((part) => {
      const key = CASE_DATA_CATEGORIES.find((category) => category === part.trim().replace(/\s+/g, '-'));
      return key ? CATEGORY_LABELS[key][language] : part.trim();
    })
    .join(', ');
}

interface Row {
  when: string;
  who: string;
  action: string;
  what: string;
  basis: string;
}

function rows(history: ProcessingHistory, t: ProcessingHistoryTexts, language: HistoryLanguage): Row[] {
  return history.entries.map((e) => {
    const roles = e.who.role
      .split(',')
      .map((role) => t.roles[role.trim()] ?? role.trim())
      .join(', ');
    const basis = [
      e.purpose && `${t.purpose}: ${e.purpose}`,
      e.recipient && `${t.recipient}: ${e.recipient}`,
      e.basis && `${t.basis}: ${e.basis}`,
      e.rule && `${t.rule}: ${e.rule}`,
      e.reason && `${t.reason}: ${e.reason}`,
    ].filter((line): line is string => Boolean(line));
    return {
      when: helsinkiTime(e.at, language),
      who: [e.who.id, roles, e.who.organisation].join('\n'),
      action: t.actions[e.action] ?? e.action,
      what: whatIn(e.what, language),
      basis: basis.join('\n'),
    };
  });
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);
const cellHtml = (s: string) => s.split('\n').map(escapeHtml).join('<br>');

function heading(history: ProcessingHistory, printedAt: string, t: ProcessingHistoryTexts, language: HistoryLanguage): string[] {
  return [
    `${t.caseId}: ${history.caseId}`,
    `${t.period}: ${helsinkiTime(history.since, language)} – ${helsinkiTime(history.until, language)}`,
    `${t.printedAt}: ${helsinkiTime(printedAt, language)}`,
    `${t.timeZone} ${t.entries}: ${history.entries.length}`,
  ];
}

export function processingHistoryHtml(history: ProcessingHistory, language: HistoryLanguage, printedAt = history.until): string {
  const t = PROCESSING_HISTORY_TEXTS[language];
  const columns = [t.columns.when, t.columns.who, t.columns.action, t.columns.what, t.columns.basis];
  const body = rows(history, t, language)
    .map((r) => `<tr>${[r.when, r.who, r.action, r.what, r.basis].map((c) => `<td>${cellHtml(c)}</td>`).join('')}</tr>`)
    .join('\n');
  return `<!doctype html>
<html lang="${language}"><head><meta charset="utf-8"><title>${escapeHtml(t.title)}</title></head>
<body><h1>${escapeHtml(t.title)}</h1><p>${escapeHtml(t.lead)}</p>
${heading(history, printedAt, t, language)
  .map((line) => `<p>${escapeHtml(line)}</p>`)
  .join('\n')}
${
  history.entries.length === 0
    ? `<p>${escapeHtml(t.noEntries)}</p>`
    : `<table>
<thead><tr>${columns.map((c) => `<th>${escapeHtml(c)}</th>`).join('')}</tr></thead>
<tbody>
${body}
</tbody>
</table>`
}
</body></html>`;
}

/** Column widths on landscape A4 inside the margins (842 − 2 × 40 points). */
const COLUMNS: Array<{ key: keyof Row; width: number }> = [
  { key: 'when', width: 92 },
  { key: 'who', width: 170 },
  { key: 'action', width: 62 },
  { key: 'what', width: 150 },
  { key: 'basis', width: 288 },
];
const MARGIN = 40;
const GAP = 6;
const FONT_SIZE = 8.5;

/**
 * The same answer as PDF, a row per entry. Metadata dates come from the print time, not the clock, and the content
 * is not compressed, so the same history printed at the same moment gives the same bytes and its text can be checked.
 */
export function processingHistoryPdf(history: ProcessingHistory, language: HistoryLanguage, printedAt = history.until): Promise<Buffer> {
  const t = PROCESSING_HISTORY_TEXTS[language];
  const printed = new Date(printedAt);
  const doc = new PDFDocument({
    size: 'A4',
    layout: 'landscape',
    margin: MARGIN,
    compress: false,
    lang: language,
    info: {
      Title: `${t.title} ${history.caseId}`,
      Producer: 'Perheverkko',
      Creator: 'Perheverkko',
      CreationDate: printed,
      ModDate: printed,
    },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));

  doc.font('Helvetica-Bold').fontSize(16).text(t.title);
  doc.font('Helvetica').fontSize(9).text(t.lead).moveDown(0.5);
  for (const line of heading(history, printedAt, t, language)) doc.text(line);
  doc.moveDown();

  const left = MARGIN;
  const right = doc.page.width - MARGIN;
  const bottom = () => doc.page.height - MARGIN;
  const heightOf = (row: Row) => Math.max(...COLUMNS.map((c) => doc.heightOfString(row[c.key] || ' ', { width: c.width - GAP })));
  const drawRow = (row: Row, y: number, height: number) => {
    let x = left;
    for (const column of COLUMNS) {
      doc.text(row[column.key], x, y, { width: column.width - GAP });
      x += column.width;
    }
    doc
      .moveTo(left, y + height + 2)
      .lineTo(right, y + height + 2)
      .lineWidth(0.5)
      .strokeColor('#999999')
      .stroke();
    return y + height + 6;
  };
  const header: Row = { when: t.columns.when, who: t.columns.who, action: t.columns.action, what: t.columns.what, basis: t.columns.basis };
  const drawHeader = (y: number) => {
    doc.font('Helvetica-Bold').fontSize(FONT_SIZE);
    const next = drawRow(header, y, heightOf(header));
    doc.font('Helvetica').fontSize(FONT_SIZE);
    return next;
  };

  const listed = rows(history, t, language);
  if (listed.length === 0) {
    doc.font('Helvetica').fontSize(10).text(t.noEntries, left, doc.y);
  } else {
    let y = drawHeader(doc.y);
    for (const row of listed) {
      const height = heightOf(row);
      if (y + height > bottom()) {
        doc.addPage();
        y = drawHeader(MARGIN);
      }
      y = drawRow(row, y, height);
    }
  }
  doc.end();
  return done;
}
