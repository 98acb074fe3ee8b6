import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LANGUAGES } from './languages';
import { labels } from './labels.messages';
import { problems } from './problems.messages';
import { problemSlug, violationCode } from './problems';

const ROOT = join(__dirname, '..', '..', '..', '..');

/** Every rule name the services refuse with: the deciders' `refuse('…')` and the HTTP layer's `rule: '…'`. */
function rulesInSources(): string[] {
  const found = new Set<string>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'node_modules' && entry.name !== 'testing') walk(path);
      } else if (entry.name.endsWith('.ts') && !/\.(spec|int-spec|e2e-spec)\.ts$/.test(entry.name)) {
        const text = readFileSync(path, 'utf8');
        for (const m of text.matchAll(/(?:refuse|DomainRuleViolation)\(\s*'([a-z0-9-]+)'/g)) found.add(m[1]);
        for (const m of text.matchAll(/\brule: '([a-z0-9-]+)'/g)) found.add(m[1]);
      }
    }
  };
  walk(join(ROOT, 'libs'));
  return [...found].sort();
}

/** The problem kinds that are not a rule (libs/http problem.ts), as docs/problems.md lists them. */
function kindsInDocs(): string[] {
  const doc = readFileSync(join(ROOT, 'docs', 'problems.md'), 'utf8');
  return [...doc.matchAll(/^\| `([a-z-]+)` \| \d{3} \|/gm)].map((m) => m[1]);
}

describe("the API's problems in the console's languages", () => {
  it('should name a problem by its type URN, or by its rule when it has no type', () => {
    expect(problemSlug({ type: 'urn:perheverkko:problem:consent-withdrawn', rule: 'consent-withdrawn' })).toBe('consent-withdrawn');
    expect(problemSlug({ type: 'urn:perheverkko:problem:invalid-fields' })).toBe('invalid-fields');
    expect(problemSlug({ rule: 'stale-version' })).toBe('stale-version');
    expect(problemSlug({ type: 'about:blank' })).toBeUndefined();
  });

  it('should translate every kind of problem docs/problems.md lists and every rule the services refuse with', () => {
    const kinds = kindsInDocs();
    expect(kinds.length).toBeGreaterThan(10);
    const rules = rulesInSources();
    expect(rules.length).toBeGreaterThan(100);
    const untranslated = [...kinds, ...rules].filter((slug) => LANGUAGES.some((language) => !problems[language][`type_${slug}`]));
    expect(untranslated).toEqual([]);
  });

  it.each([
    ['name should not be empty', 'required', {}],
    ['zone should not be null or undefined', 'required', {}],
    ['description must be longer than or equal to 1 characters', 'notEmpty', {}],
    ['description must be shorter than or equal to 4000 characters', 'tooLong', { max: '4000' }],
    ['channel must be one of the following values: close-worker, phone-line', 'oneOf', {}],
    ['capacity must be an integer number', 'integer', {}],
    ['capacity must not be less than 1', 'atLeast', { min: '1' }],
    ['score must not be greater than 10', 'atMost', { max: '10' }],
    ['children must contain at least 1 elements', 'fewItems', { min: '1' }],
    ['startsAt must be a valid ISO 8601 date string', 'dateTime', {}],
    ['property colour should not exist', 'unknownField', {}],
    [
      'identifier the check character should be 9, not 8; or give a temporary identifier TEMP-… when the code is not known',
      'identityCodeCheck',
      { expected: '9', given: '8' },
    ],
    [
      'identifier 31.02.2018 is not a date; or give a temporary identifier TEMP-… when the code is not known',
      'identityCodeDate',
      { date: '31.02.2018' },
    ],
  ])('should know the stable words of %j', (reason, code, values) => {
    expect(violationCode(reason)).toEqual({ code, values });
    for (const language of LANGUAGES) expect(problems[language][`violation_${code}`]).toBeTruthy();
  });

  it("should know the report period's reasons, and leave a reason worded for the case (the API's own) as it is", () => {
    expect(violationCode('must be after from')?.code).toBe('afterFrom');
    expect(
      violationCode('analysts ask for whole months: the first day of a month (YYYY-MM or YYYY-MM-01), from midnight Finnish time')?.code,
    ).toBe('wholeMonths');
    expect(violationCode('required for family members and close people')).toBeUndefined();
    expect(violationCode('unknown directory id demo-nobody')).toBeUndefined();
  });

  it("should say each type in general words, with no placeholders (the API's particulars are not passed on)", () => {
    for (const language of LANGUAGES)
      for (const [key, text] of Object.entries(problems[language]))
        if (key.startsWith('type_')) expect(`${key}: ${text}`).not.toMatch(/\{\{/);
  });

  it('should label every event a case history holds, so "Saved (…)" never shows an event type name', () => {
    const source = readFileSync(join(ROOT, 'libs', 'access-model', 'src', 'lib', 'visible-history.ts'), 'utf8');
    const table = source.slice(source.indexOf('const EVENT_CATEGORIES'), source.indexOf('};', source.indexOf('const EVENT_CATEGORIES')));
    const events = [...table.matchAll(/^\s+([A-Z][A-Za-z]+):/gm)].map((m) => m[1]);
    expect(events.length).toBeGreaterThan(40);
    const others = ['AdoptionStageRecorded', 'FeedbackReceived', 'ReferenceEntryRecorded', 'ReferenceEntryRetired'];
    const unlabelled = [...events, ...others].filter((type) => LANGUAGES.some((language) => !labels[language][type]));
    expect(unlabelled).toEqual([]);
  });
});
