import { useTranslation } from 'react-i18next';
import { useMutation } from '@tanstack/react-query';
import { useApi } from '../../api/hooks';
import type { ApiError } from '../../api/client';
import { useFormat } from '../../i18n/format';
import { ProblemNotice } from '../../ui/form';
import { Page } from '../../ui/page';
import { usePurpose } from './purpose';
import type { ChainVerification } from './types';

/** `POST /audit/access-log/verify`: whether the access log's chain and its anchors hold, and what is wrong if not. */
export function AccessLogVerification() {
  const { t } = useTranslation('auditor');
  const format = useFormat();
  const api = useApi();
  const purpose = usePurpose();
  const verify = useMutation<ChainVerification, ApiError>({
    mutationFn: async () =>
      (await api.call<ChainVerification>('reporting', '/audit/access-log/verify', { method: 'POST', body: {}, purpose })).body,
  });
  const result = verify.data;
  return (
    <Page title={t('accessLog')}>
      <p>{t('accessLogExplained')}</p>
      <button type="button" className="primary" onClick={() => verify.mutate()} disabled={verify.isPending}>
        {verify.isPending ? t('verifying') : t('verify')}
      </button>
      <ProblemNotice error={verify.error} />
      {result ? (
        <section aria-labelledby="verification" className="card verification" aria-live="polite">
          <h2 id="verification">{t('verificationResult')}</h2>
          <p className={`notice ${result.ok ? 'notice-ok' : 'notice-error'}`} data-ok={String(result.ok)}>
            {result.ok ? t('chainOk') : t('chainBroken', { seq: result.brokenAt ?? '–' })}
          </p>
          <dl className="facts">
            <dt>{t('checked')}</dt>
            <dd>{format.number(result.checked)}</dd>
            <dt>{t('keyedFrom')}</dt>
            <dd>{format.number(result.keyedFrom)}</dd>
            <dt>{t('anchorsValid')}</dt>
            <dd>{format.number(result.anchors.valid)}</dd>
            <dt>{t('lastAnchor')}</dt>
            <dd>
              {result.anchors.lastSeq !== undefined ? `#${result.anchors.lastSeq}, ` : ''}
              {format.dateTime(result.anchors.lastAt)}
            </dd>
          </dl>
          {result.findings.length > 0 ? (
            <table>
              <caption>{t('findings')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('findingKind')}</th>
                  <th scope="col">{t('findingEntry')}</th>
                  <th scope="col">{t('findingDetail')}</th>
                </tr>
              </thead>
              <tbody>
                {result.findings.map((finding, index) => (
                  <tr key={index}>
                    <td>{t(`finding_${finding.kind}`, { defaultValue: finding.kind })}</td>
                    <td>{finding.seq ?? (finding.line !== undefined ? `${t('anchorLine')} ${finding.line}` : '–')}</td>
                    <td>{finding.detail}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <p>{t('noFindings')}</p>
          )}
        </section>
      ) : null}
    </Page>
  );
}
