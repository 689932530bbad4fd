import { Button, Result } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { Loading } from '../components/Loading.tsx';
import { PageTitle } from '../components/PageTitle.tsx';
import { useLocal } from '../components/useLocal.ts';
import { ApplySteps } from '../features/apply/ApplySteps.tsx';
import { useApplication } from '../features/apply/useApplication.ts';

export default function ConfirmationPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const { text, date } = useLocal();
  const navigate = useNavigate();
  const { data: app, error, loading } = useApplication(id);
  if (loading && !app) return <Loading />;
  if (error || !app) return <ErrorAlert error={error} />;
  return (
    <>
      <PageTitle>{t('confirm.title')}</PageTitle>
      <ApplySteps current={3} />
      <Result
        status="success"
        title={<h2 className="tb-result-title">{t('confirm.heading', { service: text(app.service) })}</h2>}
        subTitle={
          <div>
            <p>
              {t('confirm.caseNumber')}{' '}
              <strong className="tb-case-number" data-testid="case-number">
                {app.caseNumber}
              </strong>
            </p>
            {app.dueAt && <p>{t('confirm.expected', { date: date(app.dueAt) })}</p>}
            <p>{t('confirm.next')}</p>
          </div>
        }
        extra={[
          <Button
            type="primary"
            key="detail"
            onClick={() => navigate(`/applications/${app.id}`)}
            data-testid="view-application"
          >
            {t('confirm.viewProgress')}
          </Button>,
          <Button key="list" onClick={() => navigate('/applications')}>
            {t('nav.myApplications')}
          </Button>,
        ]}
      />
    </>
  );
}
