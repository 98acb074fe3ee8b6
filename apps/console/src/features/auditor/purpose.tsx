import { createContext, useContext, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { TextField } from '../../ui/form';
import { Page } from '../../ui/page';

export const STORED_PURPOSE = 'perheverkko.auditPurpose';
const STORED = STORED_PURPOSE;
/** X-Purpose is an HTTP header: the browser sends Latin-1 only (ä, ö and å are in it; dashes and € are not). */
const HEADER_SAFE = /^[\u0020-\u007e\u00a0-\u00ff]+$/;

/** The purpose the auditor stated for this session: sent as X-Purpose with each request, and logged with each read. */
const PurposeContext = createContext<{ purpose: string; change: () => void } | undefined>(undefined);

export function usePurpose(): string {
  const context = useContext(PurposeContext);
  if (!context) throw new Error('usePurpose outside PurposeGate');
  return context.purpose;
}

/**
 * Asks the purpose of access once per browser session (sessionStorage: a closed tab forgets it, as it forgets the
 * sign-in) before any auditor screen reads anything; the screens below send it with every request.
 */
export function PurposeGate({ children }: { children: ReactNode }) {
  const { t } = useTranslation('auditor');
  const [purpose, setPurpose] = useState(() => window.sessionStorage.getItem(STORED) ?? '');
  const [draft, setDraft] = useState(purpose);
  const [editing, setEditing] = useState(purpose === '');
  if (editing) {
    const submit = (event: FormEvent) => {
      event.preventDefault();
      const stated = draft.trim();
      if (!stated || !HEADER_SAFE.test(stated)) return;
      window.sessionStorage.setItem(STORED, stated);
      setPurpose(stated);
      setEditing(false);
    };
    return (
      <Page title={t('purposeTitle')}>
        <p>{t('purposeExplained')}</p>
        <form onSubmit={submit}>
          <TextField
            label={t('purpose')}
            name="X-Purpose"
            hint={t('purposeHint')}
            required
            maxLength={500}
            pattern="[\u0020-\u007e\u00a0-\u00ff]+"
            title={t('purposeCharacters')}
            value={draft}
            onChange={(event) => setDraft(event.target.value)}
          />
          <button type="submit" className="primary" disabled={!draft.trim()}>
            {t('purposeConfirm')}
          </button>
        </form>
      </Page>
    );
  }
  return (
    <PurposeContext.Provider value={{ purpose, change: () => setEditing(true) }}>
      <p className="notice notice-ok purpose-line">
        {t('purposeStated', { purpose })}{' '}
        <button type="button" onClick={() => setEditing(true)}>
          {t('purposeChange')}
        </button>
      </p>
      {children}
    </PurposeContext.Provider>
  );
}
