import { useRef, useState } from 'react';
import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useApi, useApiQuery } from '../../api/hooks';
import { Loaded, Page } from '../../ui/page';
import { ProblemNotice } from '../../ui/form';
import type { Language } from '../../i18n/languages';
import './steps.css';

/**
 * The joint plan as the meeting service prints it (GET …/plan?format=html, in the person's language), shown as it is
 * and printed from here; the PDF the family is handed is the same document (format=pdf).
 */
export function PrintPlan() {
  const { caseId = '', meetingId = '' } = useParams();
  const { t, i18n } = useTranslation('steps');
  const api = useApi();
  const frame = useRef<HTMLIFrameElement>(null);
  const [downloadError, setDownloadError] = useState<unknown>();
  const lang = (i18n.resolvedLanguage ?? 'fi') as Language;
  const path = `/cases/${encodeURIComponent(caseId)}/meetings/${encodeURIComponent(meetingId)}/plan`;
  const query = useApiQuery<string>('meeting', path, { query: { format: 'html', lang }, accept: 'text/html' });
  return (
    <Page
      title={t('printPlan')}
      actions={
        <span className="no-print">
          <Link className="button" to={`/cases/${caseId}`}>
            {t('backToCase')}
          </Link>{' '}
          <button type="button" className="primary" onClick={() => frame.current?.contentWindow?.print()}>
            {t('common:print')}
          </button>{' '}
          <button
            type="button"
            onClick={() =>
              void api
                .download('meeting', path, { query: { format: 'pdf', lang }, accept: 'application/pdf', filename: `plan-${meetingId}.pdf` })
                .catch(setDownloadError)
            }
          >
            {t('downloadPdf')}
          </button>
        </span>
      }
    >
      <ProblemNotice error={downloadError} />
      <Loaded query={query}>
        {({ body }) => (
          // The meeting service's own document (it escapes every text of the plan). It is same-origin so that it can
          // be printed from here; the console's Content-Security-Policy, which it inherits, runs no inline script.
          <iframe
            ref={frame}
            className="print-frame"
            title={t('planDocument')}
            srcDoc={body}
            sandbox="allow-same-origin allow-scripts allow-modals"
          />
        )}
      </Loaded>
    </Page>
  );
}
