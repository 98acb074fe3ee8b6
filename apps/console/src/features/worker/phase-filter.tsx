import { useTranslation } from 'react-i18next';
import { SelectField } from '../../ui/form';
import { PHASES } from './types';

/** The phase filter of a case list (`GET /cases?phase=`): every phase, or all. */
export function PhaseFilter({ value, onChange }: { value: string; onChange: (phase: string) => void }) {
  const { t } = useTranslation('worker');
  return (
    <div className="toolbar">
      <SelectField
        label={t('phase')}
        name="phase"
        value={value}
        onChange={(event) => onChange(event.target.value)}
        placeholder={t('allPhases')}
        options={PHASES.map((p) => ({ value: p, label: t(`phase_${p}`) }))}
      />
    </div>
  );
}
