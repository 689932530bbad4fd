import { Steps } from 'antd';
import { useTranslation } from 'react-i18next';

/** Where the applicant is: form → materials → check answers → submitted. */
export function ApplySteps({ current }: { current: 0 | 1 | 2 | 3 }) {
  const { t } = useTranslation();
  return (
    <nav aria-label={t('apply.stepsLabel')} className="tb-block">
      <Steps
        size="small"
        current={current}
        responsive
        items={[
          { title: t('apply.stepForm') },
          { title: t('apply.stepMaterials') },
          { title: t('apply.stepCheck') },
          { title: t('apply.stepDone') },
        ]}
      />
    </nav>
  );
}
