import { Button, Card, Empty, Grid, Table, Tabs } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { ApiError } from '../api/client.ts';
import type { TaskItem } from '../api/types.ts';
import { usePagedApi } from '../api/usePagedApi.ts';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { useNotify } from '../components/LiveRegion.tsx';
import { PageTitle } from '../components/PageTitle.tsx';
import { SlaLight } from '../components/SlaLight.tsx';
import { useLocal } from '../components/useLocal.ts';
import { useAuth } from '../features/auth/AuthContext.tsx';
import { ExtensionQueue } from '../features/sla/ExtensionQueue.tsx';
import { claimTask } from '../features/workbench/tasks.ts';

type View = 'inbox' | 'mine' | 'done' | 'flagged';
const VIEWS: View[] = ['inbox', 'mine', 'done'];

function TaskTable({ view }: { view: View }) {
  const { t } = useTranslation();
  const { text, dateTime } = useLocal();
  const notify = useNotify();
  const navigate = useNavigate();
  const list = usePagedApi<TaskItem>(`/tasks?view=${view}`, 50);
  const [busy, setBusy] = useState<string | null>(null);
  const screens = Grid.useBreakpoint();
  const phone = screens.md === false;

  const claim = async (task: TaskItem) => {
    setBusy(task.id);
    try {
      await claimTask(task.id);
      notify.success(t('workbench.claimed', { caseNumber: task.caseNumber }));
      navigate(`/workbench/cases/${task.caseId}`);
    } catch (e) {
      if (e instanceof ApiError) notify.error(e.message);
      list.reload();
    } finally {
      setBusy(null);
    }
  };

  const action = (task: TaskItem) =>
    view === 'inbox' && !task.assigneeName ? (
      <Button
        size="small"
        type="primary"
        loading={busy === task.id}
        onClick={() => void claim(task)}
        data-testid="task-claim"
        aria-label={t('workbench.claimCase', { caseNumber: task.caseNumber })}
      >
        {t('workbench.claim')}
      </Button>
    ) : (
      <Link
        to={`/workbench/cases/${task.caseId}`}
        aria-label={t('workbench.openCase', { caseNumber: task.caseNumber })}
      >
        {t('workbench.open')}
      </Link>
    );

  if (phone) {
    const items = list.items;
    return (
      <>
        <ErrorAlert error={list.error} />
        {list.loading && !items.length ? null : items.length === 0 ? (
          <Empty description={t('workbench.empty')} />
        ) : (
          <ul className="tb-mobile-list" data-testid={`tasks-${view}`}>
            {items.map((task) => (
              <li key={task.id} data-testid={`task-row-${task.caseNumber}`} data-task-id={task.id}>
                <Card size="small">
                  <Link to={`/workbench/cases/${task.caseId}`} data-testid="task-open">
                    {task.caseNumber}
                  </Link>
                  <div>{text(task, 'itemName')}</div>
                  <dl className="tb-dl">
                    <dt>{t('workbench.step')}</dt>
                    <dd>{text(task, 'stepName')}</dd>
                    <dt>{t('workbench.applicant')}</dt>
                    <dd>{task.applicantName}</dd>
                    <dt>{t('workbench.assignee')}</dt>
                    <dd>{task.assigneeName ?? t('workbench.unclaimed')}</dd>
                    <dt>{t('workbench.due')}</dt>
                    <dd>{dateTime(task.dueAt)}</dd>
                    <dt>{t('workbench.sla')}</dt>
                    <dd>
                      <SlaLight light={task.light} />
                    </dd>
                  </dl>
                  <div className="tb-actions">{action(task)}</div>
                </Card>
              </li>
            ))}
          </ul>
        )}
        <div className="tb-actions">
          {list.hasMore && <Button onClick={list.loadMore}>{t('common.loadMore')}</Button>}
          <Button onClick={list.reload} data-testid="tasks-refresh">
            {t('common.refresh')}
          </Button>
        </div>
      </>
    );
  }

  return (
    <>
      <ErrorAlert error={list.error} />
      <div className="tb-table-scroll">
        <Table<TaskItem>
          rowKey="id"
          size="middle"
          loading={list.loading}
          dataSource={list.items}
          pagination={false}
          data-testid={`tasks-${view}`}
          locale={{ emptyText: <Empty description={t('workbench.empty')} /> }}
          onRow={(task) =>
            ({ 'data-testid': `task-row-${task.caseNumber}`, 'data-task-id': task.id }) as never
          }
          columns={[
            {
              title: t('workbench.caseNumber'),
              key: 'case',
              render: (_, task) => (
                <Link to={`/workbench/cases/${task.caseId}`} data-testid="task-open">
                  {task.caseNumber}
                </Link>
              ),
            },
            { title: t('workbench.item'), key: 'item', render: (_, task) => text(task, 'itemName') },
            { title: t('workbench.applicant'), dataIndex: 'applicantName' },
            { title: t('workbench.step'), key: 'step', render: (_, task) => text(task, 'stepName') },
            {
              title: t('workbench.assignee'),
              key: 'assignee',
              render: (_, task) => task.assigneeName ?? t('workbench.unclaimed'),
            },
            { title: t('workbench.due'), key: 'due', render: (_, task) => dateTime(task.dueAt) },
            { title: t('workbench.sla'), key: 'sla', render: (_, task) => <SlaLight light={task.light} /> },
            {
              title: t('workbench.actions'),
              key: 'actions',
              render: (_, task) => action(task),
            },
          ]}
        />
      </div>
      <div className="tb-actions">
        {list.hasMore && <Button onClick={list.loadMore}>{t('common.loadMore')}</Button>}
        <Button onClick={list.reload} data-testid="tasks-refresh">
          {t('common.refresh')}
        </Button>
      </div>
    </>
  );
}

export default function WorkbenchPage() {
  const { t } = useTranslation();
  const { text } = useLocal();
  const { me } = useAuth();
  const [params, setParams] = useSearchParams();
  const roles = me?.account.roles ?? [];
  // Department heads also follow up automatic approvals flagged in a post-approval review.
  const views: View[] = roles.some((r) => r.role === 'dept_head') ? [...VIEWS, 'flagged'] : VIEWS;
  const view = (views as string[]).includes(params.get('view') ?? '')
    ? (params.get('view') as View)
    : 'inbox';
  return (
    <>
      <PageTitle>{t('workbench.title')}</PageTitle>
      {roles.length > 0 && (
        <p className="tb-muted" data-testid="workbench-roles">
          {roles
            .map((r) => `${text(r, 'departmentName')} · ${t(`role.${r.role}`, { defaultValue: r.role })}`)
            .join('；')}
        </p>
      )}
      {roles.some((r) => r.role === 'window') && (
        <div className="tb-actions">
          <Link to="/workbench/counter" data-testid="workbench-counter">
            {t('proxy.counter.title')}
          </Link>
        </div>
      )}
      {roles.some((r) => r.role === 'dept_head') && <ExtensionQueue />}
      <Tabs
        activeKey={view}
        onChange={(k) => setParams({ view: k })}
        destroyOnHidden
        items={views.map((v) => ({
          key: v,
          label: (
            <span data-testid={`tab-${v}`}>
              {v === 'flagged' ? t('instant.review.flaggedTab') : t(`workbench.tab.${v}`)}
            </span>
          ),
          children: <TaskTable view={v} />,
        }))}
      />
    </>
  );
}
