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
  responsibleWorkers: [{ professionalId: 'w-terhi', name: 'Terhi Terveydenhoitaja', organisation: 'Kangasalan neuvola', publicService: true }],
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
    ['fi', ['Yhteinen suunnitelma', 'Versio 2', 'Kotona', 'Väsymys aamuisin', 'Vastuutyöntekijä', 'Terhi Terveydenhoitaja, Kangasalan neuvola', 'Perhe on yhteydessä työntekijään: tekstiviesti neuvolan numeroon', '2026-12-07 10:00']],
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

  it('should print erased personal data as erased, and escape what it prints in HTML', () => {
    const erased = { ...print, plan: { ...print.plan, matters: [{ erased: true } as never, '<script>'] } };
    const html = planHtml(erased, 'fi');
    expect(html).toContain('(poistettu)');
    expect(html).toContain('&lt;script&gt;');
    expect(html).not.toContain('<script>');
  });
});
