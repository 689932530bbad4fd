import { Grid, Steps } from 'antd';
import { useTranslation } from 'react-i18next';

/**
 * Where the applicant is: form → materials → check answers → submitted, or the flow's own `steps`
 * (a bundle first chooses its items).
 */
export function ApplySteps({ current, steps }: { current: number; steps?: string[] }) {
  const { t } = useTranslation();
  const screens = Grid.useBreakpoint();
  const titles = steps ?? [
    t('apply.stepForm'),
    t('apply.stepMaterials'),
    t('apply.stepCheck'),
    t('apply.stepDone'),
  ];
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
