import { planHtml, planPdf, type PlanRevisionForPrint } from './plan-document';

const print: PlanRevisionForPrint = {
  caseId: 'case-1',
  revision: 2,
  decidedAt: '2026-11-26T13:30:00.000Z',
  plan: {
    matters: ['Väsymys aamuisin'],
    actions: [
      { arena: 'home', what: 'Nukkumaanmeno klo 20.30', who: 'Äiti', by: '2026-12-10' },
      { arena: 'everyday-environment', what: 'Päivittäinen tuokio koulussa', who: 'Opettaja Olli', by: '2026-12-01' },
      { arena: 'elsewhere', where: 'perheneuvola', what: 'Ensikäynti', who: 'Terhi', by: '2026-12-15' },
    ],
    followUp: { workerContactsFamily: 'puhelu joka toinen maanantai', familyContactsWorker: 'tekstiviesti neuvolan numeroon' },
    nextContactAt: '2026-12-07T10:00:00.000Z',
  },
  responsibleWorkers: [
    { professionalId: 'w-terhi', name: 'Terhi Terveydenhoitaja', organisation: 'Kangasalan neuvola', publicService: true },
  ],
};

/** The text a reader sees: pdfkit writes each run as hex-encoded WinAnsi bytes inside TJ arrays. */
function pdfText(pdf: Buffer): string {
  const content = pdf.toString('latin1');
  const runs = [...content.matchAll(/\[((?:<[0-9a-f]*>\s*-?\d*\s*)+)\]\s*TJ/gi)].map((m) =>
    [...m[1].matchAll(/<([0-9a-f]*)>/gi)].map((h) => Buffer.from(h[1], 'hex').toString('latin1')).join(''),
  );
  return runs.join('\n');
}

describe('the printed plan', () => {
  it('should give the same PDF bytes for the same revision, every time', async () => {
    const [a, b] = await Promise.all([planPdf(print, 'fi'), planPdf(print, 'fi')]);
    expect(a.equals(b)).toBe(true);
    expect(a.subarray(0, 5).toString()).toBe('%PDF-');
  });

  it.each([
    [
      'fi',
      [
        'Yhteinen suunnitelma',
        'Versio 2',
        'Kotona',
        'Väsymys aamuisin',
        'Vastuutyöntekijä',
        'Terhi Terveydenhoitaja, Kangasalan neuvola',
        'Perhe on yhteydessä työntekijään: tekstiviesti neuvolan numeroon',
      ],
    ],
    ['sv', ['Gemensam plan', 'Hemma', 'Ansvarig arbetstagare', 'Nästa kontakt']],
    ['en', ['Joint plan', 'At home', 'Ensikäynti (perheneuvola)', 'Responsible worker']],
  ] as const)('should print the template’s sections in %s, in the PDF and in HTML', async (language, expected) => {
    const text = pdfText(await planPdf(print, language));
    const html = planHtml(print, language);
    for (const phrase of expected) {
      expect(text.replace(/\s+/g, ' ')).toContain(phrase);
      expect(html).toContain(phrase);
    }
    expect(html).toContain(`<html lang="${language}">`);
  });

  // The next contact is 10:00 UTC on 7 December: 12:00 in Helsinki (winter time, +02:00).
  it.each([
    [
      'fi',
      ['Versio 2 · 26.11.2026', 'Seuraava yhteydenotto 7.12.2026 klo 12.00', 'Mihin mennessä: 10.12.2026', 'Mihin mennessä: 1.12.2026'],
    ],
    ['sv', ['Version 2 · 26.11.2026', 'Nästa kontakt 7.12.2026 12.00', 'Senast: 10.12.2026']],
    ['en', ['Revision 2 · 26/11/2026', 'Next contact 07/12/2026, 12:00', 'By: 10/12/2026']],
  ] as const)('should print dates and times in Finnish time, as %s writes them', async (language, expected) => {
    const text = pdfText(await planPdf(print, language)).replace(/\s+/g, ' ');
    const html = planHtml(print, language)
      .replace(/<\/h2><p>/g, ' ')
      .replace(/\s+/g, ' ');
    for (const phrase of expected) {
      expect(text).toContain(phrase);
      expect(html).toContain(phrase);
    }
    expect(text).not.toContain('10:00');
    expect(text).not.toContain('10.00');
  });

  it('should print the local day and summer time: a plan decided just after local midnight, a contact in June', () => {
    const summer: PlanRevisionForPrint = {
      ...print,
      decidedAt: '2026-05-31T21:30:00.000Z',
      plan: {
        ...print.plan,
        nextContactAt: '2026-06-15T09:00:00.000Z',
        actions: [{ arena: 'home', what: 'Iltarutiini', who: 'Isä', by: '2026-06-30T20:59:00.000Z' }],
      },
    };
    const html = planHtml(summer, 'fi');
    expect(html).toContain('Versio 2 · 1.6.2026');
    expect(html).toContain('<p>15.6.2026 klo 12.00</p>');
    expect(html).toContain('Mihin mennessä: 30.6.2026 klo 23.59');
    expect(planHtml(summer, 'en')).toContain('<p>15/06/2026, 12:00</p>');
  });

  it('should print erased personal data as erased, and escape what it prints in HTML', () => {
    const erased = { ...print, plan: { ...print.plan, matters: [{ erased: true } as never, '<script>'] } };
    const html = planHtml(erased, 'fi');
    expect(html).toContain('(poistettu)');
    expect(html).toContain('&lt;script&gt;');
    expect(html).not.toContain('<script>');
  });
});
