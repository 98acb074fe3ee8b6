import { common } from './common.messages';
import { labels } from './labels.messages';
import { problems } from './problems.messages';
import { LANGUAGES, type Messages } from './languages';
import { messages as worker } from '../features/worker/messages';
import { messages as steps } from '../features/steps/messages';
import { messages as coordinator } from '../features/coordinator/messages';
import { messages as auditor } from '../features/auditor/messages';
import { messages as analyst } from '../features/analyst/messages';

const NAMESPACES: Record<string, Messages> = { common, labels, problems, worker, steps, coordinator, auditor, analyst };

describe("the console's texts", () => {
  it.each(Object.entries(NAMESPACES))('%s: every text in Finnish, Swedish and English, none empty', (_name, messages) => {
    const keys = (language: (typeof LANGUAGES)[number]) => Object.keys(messages[language]).sort();
    for (const language of LANGUAGES) {
      expect(keys(language)).toEqual(keys('fi'));
      const empty = Object.entries(messages[language]).filter(([, text]) => text.trim() === '');
      expect(empty).toEqual([]);
    }
  });

  it('should name the same {{placeholders}} in each language', () => {
    const wrong: string[] = [];
    for (const [name, messages] of Object.entries(NAMESPACES)) {
      for (const [key, text] of Object.entries(messages.fi)) {
        const placeholders = (s: string) => [...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
        for (const language of LANGUAGES) {
          if (JSON.stringify(placeholders(messages[language][key] ?? '')) !== JSON.stringify(placeholders(text)))
            wrong.push(`${name}:${key} (${language})`);
        }
      }
    }
    expect(wrong).toEqual([]);
  });
});
