import { Card, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { ServiceSummary } from '../../api/types.ts';
import { useLocal } from '../../components/useLocal.ts';

export function ServiceCard({ s, headingLevel = 3 }: { s: ServiceSummary; headingLevel?: 2 | 3 }) {
  const { t } = useTranslation();
  const { text } = useLocal();
  const H = `h${headingLevel}` as 'h2' | 'h3';
  return (
    <Card size="small" className="tb-service-card" data-testid={`service-card-${s.code}`}>
      <H className="tb-card-title">
        <Link to={`/services/${encodeURIComponent(s.code)}`} data-testid="service-link">
          {text(s)}
        </Link>
      </H>
      <p className="tb-muted">{text(s, 'departmentName')}</p>
      <Tag>{t(`audience.${s.audience}`)}</Tag>
      <Tag>{t('service.promisedDaysShort', { count: s.promisedDays })}</Tag>
    </Card>
  );
}
