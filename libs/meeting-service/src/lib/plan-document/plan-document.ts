import PDFDocument from 'pdfkit';
import { formatCalendarDate, formatFinnishDate, formatFinnishDateTime, parseInstant } from '@perheverkko/decider';
import type { JointPlan, ResponsibleWorker } from '@perheverkko/meeting-domain';
import { PLAN_TEXTS, type Language } from './plan-texts';

/** One revision of a plan as it is printed: nothing here depends on when or by whom it is printed. */
export interface PlanRevisionForPrint {
  caseId: string;
  revision: number;
  decidedAt: string;
  plan: JointPlan;
  responsibleWorkers: ResponsibleWorker[];
}

interface Section {
  heading: string;
  lines: string[];
}

const ERASED_VALUE = (value: unknown) => typeof value === 'object' && value !== null && 'erased' in value && value.erased === true;

/** The template's sections in the chosen language; personal data erased after retention prints as such. */
function sections(print: PlanRevisionForPrint, language: Language): Section[] {
  const t = PLAN_TEXTS[language];
  const text = (value: unknown) => (ERASED_VALUE(value) ? t.erased : String(value));
  const { plan } = print;
  if (ERASED_VALUE(plan)) return [{ heading: t.matters, lines: [t.erased] }];
  // A calendar date (an action's "by": `2026-12-10`) prints as that day, a time in Finnish time; a form of
  // ISO 8601 these do not read (a week date) prints as it was recorded rather than not at all.
  const when = (value: string) => {
    const parsed = parseInstant(value);
    if (!parsed) return value;
    return /^\d{4}-\d{2}-\d{2}$/.test(value) ? formatCalendarDate(value, language) : formatFinnishDateTime(parsed, language);
  };
  return [
    { heading: t.matters, lines: plan.matters.map((m) => `• ${text(m)}`) },
    ...(['home', 'everyday-environment', 'elsewhere'] as const)
      .map((arena) => ({
        heading: `${t.actions}: ${t.arenas[arena]}`,
        lines: plan.actions
          .filter((a) => a.arena === arena)
          .map((a) => `• ${text(a.what)}${a.where ? ` (${text(a.where)})` : ''} — ${t.who}: ${text(a.who)}, ${t.by}: ${when(a.by)}`),
      }))
      .filter((section) => section.lines.length > 0),
    {
      heading: t.followUp,
      lines: [
        `${t.workerContactsFamily}: ${text(plan.followUp.workerContactsFamily)}`,
        `${t.familyContactsWorker}: ${text(plan.followUp.familyContactsWorker)}`,
      ],
    },
    { heading: t.responsibleWorkers, lines: print.responsibleWorkers.map((w) => `${w.name}, ${w.organisation}`) },
    { heading: t.nextContact, lines: [when(plan.nextContactAt)] },
  ];
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);

export function planHtml(print: PlanRevisionForPrint, language: Language): string {
  const t = PLAN_TEXTS[language];
  const body = sections(print, language)
    .map((s) => `<section><h2>${escapeHtml(s.heading)}</h2>${s.lines.map((l) => `<p>${escapeHtml(l)}</p>`).join('')}</section>`)
    .join('\n');
  return `<!doctype html>
<html lang="${language}"><head><meta charset="utf-8"><title>${escapeHtml(t.title)}</title></head>
<body><h1>${escapeHtml(t.title)}</h1><p>${escapeHtml(t.revision)} ${print.revision} · ${formatFinnishDate(print.decidedAt, language)}</p>
${body}
</body></html>`;
}

/**
 * The same plan as PDF. Metadata dates come from the revision, not the clock, and the content is not compressed
 * (plans are short), so one revision always gives byte-for-byte the same document and its text can be checked.
 */
export function planPdf(print: PlanRevisionForPrint, language: Language): Promise<Buffer> {
  const t = PLAN_TEXTS[language];
  const decidedAt = new Date(print.decidedAt);
  const doc = new PDFDocument({
    size: 'A4',
    margin: 56,
    compress: false,
    lang: language,
    info: {
      Title: `${t.title} ${print.revision}`,
      Producer: 'Perheverkko',
      Creator: 'Perheverkko',
      CreationDate: decidedAt,
      ModDate: decidedAt,
    },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  doc.font('Helvetica-Bold').fontSize(18).text(t.title);
  doc
    .font('Helvetica')
    .fontSize(10)
    .text(`${t.revision} ${print.revision} · ${formatFinnishDate(print.decidedAt, language)}`)
    .moveDown();
  for (const section of sections(print, language)) {
    doc.font('Helvetica-Bold').fontSize(12).text(section.heading);
    doc.font('Helvetica').fontSize(11);
    for (const line of section.lines) doc.text(line);
    doc.moveDown(0.5);
  }
  doc.end();
  return done;
}
