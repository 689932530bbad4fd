import { useTranslation } from 'react-i18next';
import type { Light } from '../api/types.ts';

/** SLA light: a coloured dot AND a word, never colour alone (WCAG 1.4.1). */
export function SlaLight({ light }: { light: Light | null | undefined }) {
  const { t } = useTranslation();
  if (!light) return <span>—</span>;
  return (
    <span className={`tb-light tb-light-${light}`} data-testid="sla-light" data-light={light}>
      <span className="tb-light-dot" aria-hidden="true" />
      {t(`sla.${light}`)}
    </span>
  );
}
