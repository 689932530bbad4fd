import {
  type ApplicationStatus,
  type LocalizedText,
  type NotificationTemplate,
  STAFF_ROLES,
  type StaffRoleName,
} from '@tongban/contracts';
import type { PlatformContext } from '../../platform/context.ts';
import type { Db } from '../../platform/db.ts';
import type { ApplicationStatusChanged } from '../applications/index.ts';
import { getDepartment } from '../org/index.ts';
import { getInstanceView, type WorkflowTaskEscalated } from '../workflow/index.ts';
import { notify, notifyDepartmentRole } from './notifications.service.ts';

type Meta = { eventId: string; db: Db };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The statuses an applicant is told about, and where the message takes them. */
const STATUS_MESSAGES: Partial<
  Record<ApplicationStatus, { template: NotificationTemplate; link: (caseId: string) => string }>
> = {
  accepted: { template: 'application.accepted', link: (id) => `/applications/${id}` },
  returned: { template: 'application.returned', link: (id) => `/applications/${id}/supplement` },
  approved: { template: 'application.approved', link: (id) => `/applications/${id}` },
  rejected: { template: 'application.rejected', link: (id) => `/applications/${id}` },
};

/**
 * A case's status changed: tell its applicant when it needs them (returned) or is decided. The
 * outbox row id names the message, so a replayed delivery sends nothing, while a second return of
 * the same case (a new event) is a new message.
 */
export async function onApplicationStatusChanged(e: ApplicationStatusChanged, meta: Meta): Promise<void> {
  const message = STATUS_MESSAGES[e.to];
  if (!message) return;
  await notify(meta.db, {
    recipientAccountId: e.applicantId,
    kind: 'application.status',
    template: message.template,
    params: { caseNumber: e.caseNumber },
    link: message.link(e.caseId),
    subject: { type: 'application', id: e.caseId },
    dedupeKey: `outbox:${meta.eventId}`,
  });
}

const LEVEL_WORDS: Record<WorkflowTaskEscalated['level'], LocalizedText> = {
  yellow: { 'zh-CN': '临近办理时限（黄灯）', en: 'yellow (close to its deadline)' },
  red: { 'zh-CN': '超过办理时限（红灯）', en: 'red (past its deadline)' },
};

const isStaffRole = (role: string): role is StaffRoleName =>
  (STAFF_ROLES as readonly string[]).includes(role);

/**
 * A task reached yellow or red: tell everyone holding the rule's role in the department (the heads,
 * by default) which step of which department is late. Once per task and level, whoever delivers it.
 */
export async function onTaskEscalated(e: WorkflowTaskEscalated, meta: Meta): Promise<void> {
  if (!isStaffRole(e.role)) return;
  const [view, dept] = [
    await getInstanceView(meta.db, e.instanceId),
    await getDepartment(meta.db, e.departmentId),
  ];
  const step = view.steps.find((s) => s.taskId === e.taskId);
  const unknown = { 'zh-CN': '—', en: '—' };
  await notifyDepartmentRole(meta.db, {
    departmentId: e.departmentId,
    role: e.role,
    kind: 'task.escalated',
    template: e.action === 'reassign' ? 'task.escalated.reassigned' : `task.escalated.${e.level}`,
    params: {
      step: step ? { 'zh-CN': step.nameZh, en: step.nameEn } : unknown,
      department: dept ? { 'zh-CN': dept.nameZh, en: dept.nameEn } : unknown,
      level: LEVEL_WORDS[e.level],
    },
    // Cases are the workflow's business keys today; another kind of process gets no case link.
    link: UUID.test(e.businessKey) ? `/workbench/cases/${e.businessKey}` : undefined,
    subject: { type: 'task', id: e.taskId },
    dedupeKey: `task.escalated:${e.taskId}:${e.level}`,
  });
}

export function subscribeNotifications(ctx: PlatformContext): void {
  ctx.outbox.on('application.statusChanged', 'notifications.applicationStatus', onApplicationStatusChanged);
  ctx.outbox.on('workflow.task.escalated', 'notifications.taskEscalated', onTaskEscalated);
}
