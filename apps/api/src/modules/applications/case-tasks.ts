import { createHash } from 'node:crypto';
import type { Locale } from '@tongban/contracts';
import type { Actor } from '../../platform/auth.ts';
import type { Db } from '../../platform/db.ts';
import { AppError } from '../../platform/errors.ts';
import { departmentsInvolved, getInstanceView, type InstanceStepView } from '../workflow/index.ts';
import { assertInvolved } from './applications.policy.ts';
import { type ApplicationRow, lockApplication } from './applications.repository.ts';

// What the officer-side actions on a case (accept with materials owed, return naming what to change,
// withdraw a return) share: the locked case, the officer's open task on it, and the commitment text.

/** The case locked for an officer's action, if one of their departments works on it (else 404). */
export async function lockCaseForOfficer(
  tx: Db,
  actor: Actor,
  id: string,
): Promise<ApplicationRow & { instance_id: string; case_number: string }> {
  const row = await lockApplication(tx, id);
  if (!row?.instance_id || !row.case_number) throw new AppError('APPLICATION_NOT_FOUND');
  assertInvolved(actor, await departmentsInvolved(tx, row.instance_id));
  return row as ApplicationRow & { instance_id: string; case_number: string };
}

const holds = (actor: Actor, s: InstanceStepView) =>
  actor.roles.some((r) => r.role === s.role && r.departmentId === s.departmentId);

/**
 * The open step of the case that the officer may complete now (open, or claimed by them) among
 * those `which` accepts. Someone else holding it is TASK_ALREADY_CLAIMED; steps open only for other
 * roles are FORBIDDEN; none open at all is `notOpen`.
 */
export async function officerTask(
  tx: Db,
  actor: Actor,
  instanceId: string,
  which: (s: InstanceStepView) => boolean,
  notOpen: 'CASE_ACCEPTANCE_NOT_OPEN' | 'CASE_TASK_NOT_OPEN',
): Promise<InstanceStepView> {
  const { steps } = await getInstanceView(tx, instanceId);
  const open = steps.filter((s) => (s.status === 'open' || s.status === 'claimed') && which(s));
  const mine = open.filter((s) => holds(actor, s));
  const task =
    mine.find((s) => s.status === 'claimed' && s.assigneeId === actor.accountId) ??
    mine.find((s) => s.status === 'open');
  if (task) return task;
  if (mine.length) throw new AppError('TASK_ALREADY_CLAIMED');
  if (open.length) throw new AppError('FORBIDDEN');
  throw new AppError(notOpen);
}

export const sha256Hex = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

const DEADLINE_FORMAT: Record<Locale, Intl.DateTimeFormat> = {
  'zh-CN': new Intl.DateTimeFormat('zh-CN', {
    timeZone: 'Asia/Shanghai',
    dateStyle: 'long',
    timeStyle: 'short',
  }),
  en: new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Shanghai', dateStyle: 'long', timeStyle: 'short' }),
};

/** A deadline as the applicant reads it (China time). */
export const formatDeadline = (at: Date, locale: Locale) => DEADLINE_FORMAT[locale].format(at);

/** Fills in the item's commitment template (catalogue 0003_deferral.sql) for one case. */
export function composeCommitment(
  template: string,
  locale: Locale,
  values: { applicant: string; item: string; caseNumber: string; materials: string[]; deadline: Date },
): string {
  const filled: Record<string, string> = {
    applicant: values.applicant,
    item: values.item,
    caseNumber: values.caseNumber,
    materials: values.materials.join(locale === 'en' ? ', ' : '、'),
    deadline: formatDeadline(values.deadline, locale),
  };
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => filled[name] ?? whole);
}
