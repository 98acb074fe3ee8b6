import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PolarAngleAxis, PolarGrid, PolarRadiusAxis, Radar, RadarChart } from 'recharts';
import { useFormat } from '../../i18n/format';
import { SelectField, TextField } from '../../ui/form';
import { StepForm, optional, useCase, useLocalised, useStarConfigs, useStep } from './kit';
import { meetingPath, type MeetingProps } from './meeting-steps';
import type { StarConfig, StarRating } from './types';

/**
 * The Wellbeing Star as a star: one spoke per area, the score along it. The chart is for the eye; the same numbers
 * are in the table beside it, which is what a screen reader reads.
 */
export function StarChart({ config, ratings, caption }: { config: StarConfig | undefined; ratings: StarRating[]; caption: string }) {
  const { t } = useTranslation('steps');
  const localised = useLocalised();
  const label = (area: string) => {
    const found = config?.areas.find((a) => a.key === area);
    return found ? localised(found) : area;
  };
  const max = config?.scale.max ?? 5;
  const data = ratings.map((r) => ({ area: label(r.area), score: r.score }));
  return (
    <figure className="star-chart">
      <div aria-hidden="true">
        <RadarChart width={380} height={300} data={data} outerRadius={100} accessibilityLayer={false}>
          <PolarGrid />
          <PolarAngleAxis dataKey="area" tick={{ fontSize: 10 }} />
          <PolarRadiusAxis domain={[0, max]} tickCount={max + 1} />
          <Radar dataKey="score" stroke="#1d4f91" fill="#1d4f91" fillOpacity={0.35} isAnimationActive={false} />
        </RadarChart>
      </div>
      <table>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('starArea')}</th>
            <th scope="col" className="number">
              {t('score')} ({config ? `${config.scale.min}–${config.scale.max}` : '–'})
            </th>
          </tr>
        </thead>
        <tbody>
          {ratings.map((r) => (
            <tr key={r.area}>
              <th scope="row">{label(r.area)}</th>
              <td className="number">{r.score}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}

/** The ratings already recorded at this meeting, each as its star. */
export function StarRatings({ meeting }: Pick<MeetingProps, 'meeting'>) {
  const { t } = useTranslation('steps');
  const format = useFormat();
  const configs = useStarConfigs();
  if (meeting.wellbeingStar.length === 0) return null;
  return (
    <>
      {meeting.wellbeingStar.map((rating, i) => (
        <StarChart
          key={i}
          config={configs.find((c) => c.version === rating.configVersion)}
          ratings={rating.ratings}
          caption={`${t('wellbeingStar')} ${format.dateTime(rating.ratedAt)}${rating.ratedBy ? ` — ${t(`ratedBy_${rating.ratedBy}`)}` : ''}${rating.child ? `, ${t('child')} ${rating.child}` : ''}`}
        />
      ))}
    </>
  );
}

/** POST …/wellbeing-star: the family's or the worker's rating of each area, on the version's scale. */
export function WellbeingStarForm({ meeting, etag, children }: MeetingProps & { children: string[] }) {
  const { t } = useTranslation('steps');
  const { caseId } = useCase();
  const localised = useLocalised();
  const configs = useStarConfigs();
  const step = useStep('meeting', etag);
  const [version, setVersion] = useState('');
  const config = configs.find((c) => c.version === version) ?? configs[configs.length - 1];
  const [child, setChild] = useState(children.length ? '1' : '');
  const [ratedBy, setRatedBy] = useState('family');
  const [scores, setScores] = useState<Record<string, string>>({});
  const [notes, setNotes] = useState<Record<string, string>>({});
  const e = step.error;
  if (!config) return null;
  const rated = config.areas.filter((a) => scores[a.key] !== undefined && scores[a.key] !== '');
  const ratings: StarRating[] = rated.map((a) => ({
    area: a.key,
    score: Number(scores[a.key]),
    ...(optional(notes[a.key] ?? '') ? { note: notes[a.key] } : {}),
  }));
  return (
    <StepForm
      title={t('wellbeingStar')}
      hint={t('wellbeingStarHint')}
      step={step}
      onSubmit={() =>
        void step.send(meetingPath(caseId, meeting.meetingId, 'wellbeing-star'), {
          configVersion: config.version,
          ...(child ? { child: Number(child) } : {}),
          ratedBy,
          ratings,
        })
      }
    >
      <SelectField
        label={t('starVersion')}
        name="configVersion"
        error={e}
        required
        value={config.version}
        onChange={(event) => setVersion(event.target.value)}
        options={configs.map((c) => ({ value: c.version, label: c.version }))}
      />
      {children.length > 0 ? (
        <SelectField
          label={t('child')}
          name="child"
          error={e}
          value={child}
          onChange={(event) => setChild(event.target.value)}
          options={children.map((name, i) => ({ value: String(i + 1), label: name }))}
        />
      ) : null}
      <SelectField
        label={t('ratedBy')}
        name="ratedBy"
        error={e}
        value={ratedBy}
        onChange={(event) => setRatedBy(event.target.value)}
        options={['family', 'worker'].map((r) => ({ value: r, label: t(`ratedBy_${r}`) }))}
      />
      <fieldset className="rows">
        <legend>{t('starAreas', { min: config.scale.min, max: config.scale.max })}</legend>
        {config.areas.map((area) => {
          // The API names a rating by its place among those sent: only the areas rated are sent.
          const position = rated.findIndex((r) => r.key === area.key);
          const field = position >= 0 ? `ratings.${position}` : `unrated.${area.key}`;
          return (
            <div className="row" key={area.key}>
              <TextField
                type="number"
                label={localised(area)}
                name={`${field}.score`}
                error={e}
                min={config.scale.min}
                max={config.scale.max}
                step={1}
                inputMode="numeric"
                value={scores[area.key] ?? ''}
                onChange={(event) => setScores((s) => ({ ...s, [area.key]: event.target.value }))}
              />
              <TextField
                label={`${t('note')}: ${localised(area)}`}
                name={`${field}.note`}
                error={e}
                maxLength={2000}
                value={notes[area.key] ?? ''}
                onChange={(event) => setNotes((n) => ({ ...n, [area.key]: event.target.value }))}
              />
            </div>
          );
        })}
      </fieldset>
      {ratings.length > 0 ? <StarChart config={config} ratings={ratings} caption={t('starPreview')} /> : null}
    </StepForm>
  );
}
