import type { AutomatedCheck, AutomatedCheckDetail, DecisionTrace, TimelineEntry } from '@tongban/contracts';
import type { Db } from '../../platform/db.ts';
import { explainEvaluation, getEvaluation } from '../decisions/index.ts';
import { getProfile } from '../identity/index.ts';
import type { InstanceView } from '../workflow/index.ts';

// Instant approval (秒批秒办) on the applications side: what the workflow's decision tables read
// about the case, and how their decisions show to the applicant (plain words) and officers (trace).

const CHINA_OFFSET_MS = 8 * 3600_000;

/** Whole years from a birth date ('YYYY-MM-DD') to the China calendar date of `at`. */
export function ageOn(birthDate: string, at: Date): number {
  const today = new Date(at.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 10);
  const years = Number(today.slice(0, 4)) - Number(birthDate.slice(0, 4));
  return today.slice(5) < birthDate.slice(5) ? years - 1 : years;
}

/**
 * The variables a case's workflow reads: every answer by its dictionary key (gateways, e.g.
 * `residenceMonths >= 6`) and the answers by form section as the form nests them (decision tables,
 * e.g. `withdrawal.amountFen`).
 */
export function caseVariables(
  formData: Record<string, unknown>,
  variables: Record<string, unknown>,
): Record<string, unknown> {
  return { ...formData, ...variables };
}

/**
 * What decision tables may read beyond the answers: under `applicant`, next to the answers of that
 * section, what the applicant's account vouches for — not what the form claims: the account kind,
 * the age and sex from the resident ID number checked at sign-up, and whether the form names that
 * same ID number (`idNumberMatches`: someone applying for themselves).
 */
export async function applicantFacts(
  tx: Db,
  applicantId: string,
  formData: Record<string, unknown>,
  at: Date,
): Promise<Record<string, unknown>> {
  const profile = await getProfile(tx, applicantId);
  const answered = (formData.applicant ?? {}) as Record<string, unknown>;
  const formId = typeof answered.idNumber === 'string' ? answered.idNumber.trim().toUpperCase() : null;
  return {
    applicant: {
      ...answered,
      accountKind: profile.kind,
      age: profile.birthDate ? ageOn(profile.birthDate, at) : null,
      sex: profile.sex ?? null,
      idNumberMatches: Boolean(profile.idNumber && formId === profile.idNumber.toUpperCase()),
    },
  };
}

/** The case was decided when its workflow started: a decision table approved it (instant approval). */
export function approvedAtStart(view: InstanceView): boolean {
  return view.status === 'completed' && view.outcome === 'approved' && view.decidedBy === 'rules';
}

type Check = InstanceView['automatedChecks'][number];

function outcomeOf(outputs: unknown): AutomatedCheck['outcome'] {
  const decision = (outputs as { decision?: unknown } | null)?.decision;
  return decision === 'approve' || decision === 'refer' ? decision : null;
}

async function evaluationOf(db: Db, check: Check) {
  return check.evaluationId ? getEvaluation(db, check.evaluationId) : undefined;
}

/** The case's automated checks in plain words, Chinese and English (what the applicant sees). */
export async function automatedChecksFor(db: Db, instance: InstanceView | null): Promise<AutomatedCheck[]> {
  const checks: AutomatedCheck[] = [];
  for (const check of instance?.automatedChecks ?? []) {
    const evaluation = await evaluationOf(db, check);
    checks.push(plainCheck(check, evaluation?.trace ?? null));
  }
  return checks;
}

function plainCheck(check: Check, trace: DecisionTrace | null): AutomatedCheck {
  return {
    key: check.key,
    nameZh: check.nameZh,
    nameEn: check.nameEn,
    decisionKey: check.decisionKey,
    evaluationId: check.evaluationId,
    outcome: outcomeOf(check.outputs),
    error: check.error,
    explanationZh: trace ? explainEvaluation({ trace }, 'zh-CN') : [],
    explanationEn: trace ? explainEvaluation({ trace }, 'en') : [],
    at: check.at,
  };
}

/** The same checks for officers: the full trace (matched rules and the input values read) too. */
export async function automatedCheckDetails(
  db: Db,
  instance: InstanceView | null,
): Promise<AutomatedCheckDetail[]> {
  const checks: AutomatedCheckDetail[] = [];
  for (const check of instance?.automatedChecks ?? []) {
    const trace = (await evaluationOf(db, check))?.trace ?? null;
    checks.push({
      ...plainCheck(check, trace),
      outputs: check.outputs,
      matchedRules: check.matchedRules,
      trace,
    });
  }
  return checks;
}

type Step = InstanceView['steps'][number];

/**
 * The workflow steps the timeline shows: a post-approval review appears once it is done, as
 * "reviewed after approval"; the applicant does not see the reviewer's note or verdict (the
 * department head follows up a flag), officers do.
 */
export function timelineSteps(instance: InstanceView | null, officer: boolean): Step[] {
  const steps: Step[] = [];
  for (const s of instance?.steps ?? []) {
    if (s.stage !== 'review') {
      steps.push(s);
      continue;
    }
    if (s.status !== 'completed') {
      if (officer) steps.push(s);
      continue;
    }
    steps.push({
      ...s,
      name: '事后抽查完成',
      nameZh: '事后抽查完成',
      nameEn: 'Reviewed after approval',
      ...(officer ? {} : { note: null, outcome: null, assigneeName: null }),
    });
  }
  return steps;
}

/** Timeline nodes of the decision-table checks ("automated check": approve, refer, or the error). */
export function automatedEntries(instance: InstanceView | null): TimelineEntry[] {
  return (instance?.automatedChecks ?? []).map((c) => ({
    at: c.at,
    kind: 'automated',
    stepNameZh: c.nameZh,
    stepNameEn: c.nameEn,
    departmentNameZh: null,
    departmentNameEn: null,
    actorName: null,
    note: null,
    dueAt: null,
    status: 'completed',
    outcome: outcomeOf(c.outputs) ?? (c.error ? 'error' : null),
    evaluationId: c.evaluationId,
  }));
}

/** The decision node when the rules approved the case: 自动核准, naming the evaluation that did. */
export function decidedByRules(instance: InstanceView | null): Partial<TimelineEntry> {
  if (instance?.decidedBy !== 'rules') return {};
  const approving = [...instance.automatedChecks].reverse().find((c) => outcomeOf(c.outputs) === 'approve');
  return {
    stepNameZh: '自动核准',
    stepNameEn: 'Approved automatically',
    evaluationId: approving?.evaluationId ?? null,
  };
}
