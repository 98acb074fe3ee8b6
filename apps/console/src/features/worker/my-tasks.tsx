import { useState } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../i18n/format';
import { Page } from '../../ui/page';
import { ProblemNotice } from '../../ui/form';
import { MoreButton, usePagedList } from './paged-list';
import type { Task } from './types';

/** GET /tasks: what is due from me, the earliest first. */
export function MyTasks() {
  const { t } = useTranslation('worker');
  const format = useFormat();
  const [overdueOnly, setOverdueOnly] = useState(false);
  const list = usePagedList<Task>('reporting', '/tasks', { overdue: overdueOnly ? 'true' : undefined });
  return (
    <Page title={t('myTasks')}>
      <div className="toolbar">
        <label className="check">
          <input type="checkbox" checked={overdueOnly} onChange={(event) => setOverdueOnly(event.target.checked)} /> {t('onlyOverdue')}
        </label>
      </div>
      <ProblemNotice error={list.error} />
      {list.items.length === 0 && !list.loading ? <p>{t('noTasks')}</p> : null}
      {list.items.length > 0 ? (
        <table>
          <caption className="visually-hidden">{t('myTasks')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('due')}</th>
              <th scope="col">{t('task')}</th>
              <th scope="col">{t('caseNumber')}</th>
            </tr>
          </thead>
          <tbody>
            {list.items.map((task) => (
              <tr key={`${task.caseId}:${task.kind}:${task.about?.meetingId ?? task.about?.invitationId ?? ''}`}>
                <td>
                  {format.date(task.dueAt)} {task.overdue ? <span className="badge badge-overdue">{t('overdue')}</span> : null}
                </td>
                <td>{t(`task_${task.kind}`, { defaultValue: task.kind })}</td>
                <td>
                  <Link to={`/cases/${task.caseId}`}>{task.caseNumber}</Link>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <MoreButton next={list.next} loading={list.loading} onMore={list.more} />
    </Page>
  );
}
