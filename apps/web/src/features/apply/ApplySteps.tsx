import { Grid, Steps } from 'antd';
import { useTranslation } from 'react-i18next';

/** Where the applicant is: form → materials → check answers → submitted. */
export function ApplySteps({ current }: { current: 0 | 1 | 2 | 3 }) {
  const { t } = useTranslation();
  const screens = Grid.useBreakpoint();
  const titles = [t('apply.stepForm'), t('apply.stepMaterials'), t('apply.stepCheck'), t('apply.stepDone')];
  // Four stacked steps fill a phone's screen; one line says the same there.
  if (!screens.md) {
    return (
      <p className="tb-step-line" data-testid="apply-steps">
        {t('apply.stepOf', { n: current + 1, total: titles.length, title: titles[current] })}
      </p>
    );
  }
  return (
    <nav aria-label={t('apply.stepsLabel')} className="tb-block" data-testid="apply-steps">
      <Steps size="small" current={current} responsive items={titles.map((title) => ({ title }))} />
    </nav>
  );
}
