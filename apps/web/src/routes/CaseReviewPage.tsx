import { DownloadOutlined } from '@ant-design/icons';
import { Card, Descriptions, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import type { CaseView, ServiceForm, TaskDetail } from '../api/types.ts';
import { useApi } from '../api/useApi.ts';
import { CaseProgress, CaseTimeline } from '../components/CaseTimeline.tsx';
import { CriticalMark } from '../components/CriticalMark.tsx';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { Loading } from '../components/Loading.tsx';
import { PageTitle } from '../components/PageTitle.tsx';
import { SlaLight } from '../components/SlaLight.tsx';
import { StatusTag } from '../components/StatusTag.tsx';
import { useLocal } from '../components/useLocal.ts';
import { answersOf } from '../features/apply/answers.ts';
import { serviceRef } from '../features/apply/useApplication.ts';
import { useAuth } from '../features/auth/AuthContext.tsx';
import { PartOfBundle } from '../features/bundles/PartOfBundle.tsx';
import { AcceptWithDeferral } from '../features/casework/AcceptWithDeferralDialog.tsx';
import { DeferralPanel } from '../features/casework/DeferralPanel.tsx';
import { ReturnDialog } from '../features/casework/ReturnDialog.tsx';
import { SupplementRounds } from '../features/casework/SupplementRounds.tsx';
import { UnmaskedValue } from '../features/casework/UnmaskedValue.tsx';
import { CountersignProgress } from '../features/countersign/CountersignProgress.tsx';
import { AutomatedCheckTrace, PostApprovalReviewStatus } from '../features/instant/AutomatedChecks.tsx';
import { VerifiedLicence } from '../features/licence-reuse/LicencePicker.tsx';
import { filerLabel } from '../features/proxy/onBehalf.tsx';
import { CaseClockPanel } from '../features/sla/CaseClockPanel.tsx';
import { ClockActions } from '../features/sla/ClockActions.tsx';
import { TaskActions } from '../features/workbench/TaskActions.tsx';

export default function CaseReviewPage() {
  const { caseId = '' } = useParams();
  const { t } = useTranslation();
  const { text, en, dateTime } = useLocal();
  const { me } = useAuth();
  const navigate = useNavigate();
  const c = useApi<CaseView>(`/cases/${encodeURIComponent(caseId)}`);
  const ref = serviceRef(c.data);
  const form = useApi<ServiceForm>(ref ? `/services/${encodeURIComponent(ref)}/form` : null);
  // The case names the officer's open task; the task itself says who claimed it and its SLA light.
  const openTaskId = c.data?.openTask?.taskId;
  const task = useApi<TaskDetail>(openTaskId ? `/tasks/${encodeURIComponent(openTaskId)}` : null);
  const reloadAll = () => {
    c.reload();
    task.reload();
  };
  const [returning, setReturning] = useState(false);

  if (c.loading && !c.data) return <Loading />;
  if (c.error || !c.data)
    return (
      <>
        <PageTitle>{t('workbench.caseTitle')}</PageTitle>
        <ErrorAlert error={c.error} />
      </>
    );
  const a = c.data;
  const openTask = a.openTask && task.data?.id === a.openTask.taskId ? task.data : null;
  const answers = form.data ? answersOf(form.data, a.formData ?? {}, en, t) : [];

  return (
    <article data-testid="case-review" data-case-number={a.caseNumber ?? ''}>
      <PageTitle title={`${a.caseNumber ?? ''} ${text(a.service)}`}>
        {text(a.service)}
        <span className="tb-h1-sub">
          {t('workbench.caseNumber')}: {a.caseNumber}
        </span>
      </PageTitle>
      <PartOfBundle bundle={a.bundle} />

      <Card className="tb-block">
        <Descriptions
          size="small"
          column={{ xs: 1, sm: 1, md: 2 }}
          items={[
            { key: 'status', label: t('applications.status'), children: <StatusTag status={a.status} /> },
            { key: 'applicant', label: t('workbench.applicant'), children: a.applicant.name },
            ...(a.filedBy
              ? [
                  {
                    key: 'filer',
                    label: t('proxy.filer'),
                    children: (
                      <span data-testid="case-filer">
                        {filerLabel(a.filedBy, t, text)}
                        {a.filedBy.authorization === 'counter' && (
                          <>
                            {' '}
                            <a href={`/api/v1/cases/${a.id}/authorization-form`} download>
                              {t('proxy.signedForm')}
                            </a>
                          </>
                        )}
                      </span>
                    ),
                  },
                ]
              : []),
            { key: 'submitted', label: t('applications.submittedAt'), children: dateTime(a.submittedAt) },
            { key: 'due', label: t('workbench.due'), children: dateTime(a.dueAt) },
            ...(openTask
              ? [
                  { key: 'step', label: t('workbench.step'), children: text(openTask, 'stepName') },
                  { key: 'sla', label: t('workbench.sla'), children: <SlaLight light={openTask.light} /> },
                ]
              : []),
          ]}
        />
        <div className="tb-progress-row">
          <CaseProgress progress={a.progress} />
        </div>
        <CaseClockPanel clock={a.clock} />
        {a.countersigns?.map((p) => (
          <CountersignProgress key={p.key} progress={p} />
        ))}
      </Card>
      <PostApprovalReviewStatus review={a.review} />
      <DeferralPanel
        applicationId={a.id}
        deferral={a.deferral}
        status={a.status}
        applicant={false}
        onChanged={reloadAll}
      />

      <section className="tb-section" aria-labelledby="task-title">
        <Typography.Title level={2} id="task-title">
          {t('workbench.yourTask')}
        </Typography.Title>
        <ErrorAlert error={task.error} />
        {openTask && me ? (
          <TaskActions
            task={openTask}
            myAccountId={me.account.id}
            caseNumber={a.caseNumber ?? ''}
            onChanged={reloadAll}
            onDone={() => navigate('/workbench?view=done')}
            onReturn={() => setReturning(true)}
            extraActions={
              openTask.stage === 'acceptance' ? (
                <AcceptWithDeferral c={a} onDone={() => navigate('/workbench?view=done')} />
              ) : null
            }
          />
        ) : (
          <Typography.Paragraph data-testid="no-open-task">{t('workbench.noTask')}</Typography.Paragraph>
        )}
        {openTask && me && a.clock && (
          <div className="tb-actions">
            <ClockActions
              taskId={openTask.id}
              clock={a.clock}
              holding={openTask.assigneeId === me.account.id}
              onChanged={reloadAll}
            />
          </div>
        )}
      </section>

      <AutomatedCheckTrace checks={a.automatedChecks} />
      <SupplementRounds c={a} form={form.data} onChanged={reloadAll} />
      <ReturnDialog
        open={returning}
        c={a}
        fields={form.data?.fields ?? []}
        onClose={() => setReturning(false)}
        onDone={() => {
          setReturning(false);
          navigate('/workbench?view=done');
        }}
      />

      <section className="tb-section" aria-labelledby="form-title">
        <Typography.Title level={2} id="form-title">
          {t('answers.formSection')}
        </Typography.Title>
        <ErrorAlert error={form.error} />
        {a.masked && (
          <p className="tb-muted" data-testid="case-masked">
            {t('workbench.masked')}
          </p>
        )}
        <Card>
          <dl className="tb-answers" data-testid="case-form-data">
            {answers.map((x) => (
              <div className="tb-answer-row tb-answer-row-2" key={x.pointer}>
                <dt>{x.label}</dt>
                <dd>
                  {a.maskedPointers?.includes(x.pointer) ? (
                    <UnmaskedValue caseId={a.id} pointer={x.pointer} label={x.label} masked={x.value} />
                  ) : (
                    x.value
                  )}
                </dd>
              </div>
            ))}
          </dl>
        </Card>
      </section>

      <section className="tb-section" aria-labelledby="mat-title">
        <Typography.Title level={2} id="mat-title">
          {t('answers.materialsSection')}
        </Typography.Title>
        <Card>
          <ul className="tb-plain-list" data-testid="case-materials">
            {a.checklist.map((entry) => {
              const files = a.materials.filter((m) => m.materialCode === entry.code);
              return (
                <li key={entry.code} className="tb-file-row">
                  <strong>{text(entry)}</strong> <CriticalMark critical={entry.critical} />
                  {files.length === 0 && <span className="tb-muted"> {t('materials.none')}</span>}
                  <ul>
                    {files.map((f) => (
                      <li key={f.id}>
                        {f.licence ? (
                          <VerifiedLicence material={f} />
                        ) : (
                          <a
                            href={`/api/v1/cases/${encodeURIComponent(a.id)}/materials/${encodeURIComponent(f.id)}/file`}
                            download={f.fileName}
                            data-testid="material-download"
                          >
                            <DownloadOutlined aria-hidden="true" /> {f.fileName}
                          </a>
                        )}
                      </li>
                    ))}
                  </ul>
                </li>
              );
            })}
          </ul>
        </Card>
      </section>

      <section className="tb-section" aria-labelledby="history-title">
        <Typography.Title level={2} id="history-title">
          {t('timeline.title')}
        </Typography.Title>
        <Card>
          <CaseTimeline entries={a.timeline} />
        </Card>
      </section>
    </article>
  );
}
