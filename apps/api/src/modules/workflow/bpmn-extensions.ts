import type { AttrReader, ModdleElement } from './bpmn.ts';
import { conditionSyntaxError } from './feel.ts';

/**
 * The Tongban extensions of the BPMN subset, read at deploy by `importBpmn`:
 * - a business-rule task calls a decision table: `tongban:decision="<table key>"`, its outputs
 *   stored under `tongban:resultVariable` (default `decision`);
 * - a user task with `<multiInstanceLoopCharacteristics isSequential="false">` is a countersign
 *   step: one task per signer (`tongban:signers`), done when its completion condition holds;
 * - the process attribute `tongban:reviewSample` is the share of automatic approvals reviewed after.
 */
export interface RuleSpec {
  decision: string;
  resultVariable: string;
}

export interface Signer {
  /** A department code, or `$owner`. */
  department: string;
  role: string;
}

export type SignMode = 'all' | 'any';

export interface MultiSpec {
  /** The signers named in the file; null when `signersExpression` computes them per case. */
  signers: Signer[] | null;
  /** FEEL giving a list of "CODE:role" strings (or {department, role} contexts) from the case variables. */
  signersExpression: string | null;
  /** The `tongban:signMode` shorthand; null when the file gives its own completion condition. */
  mode: SignMode | null;
  /** FEEL over nrOfInstances, nrOfCompletedInstances, nrOfActiveInstances, nrOfApprovals, nrOfRejections. */
  completion: string;
}

/** How the service guide shows a countersign step. */
export interface CountersignStep {
  mode: SignMode | 'condition';
  completion: string;
  signers: Signer[] | null;
}

export interface ModdleLoop {
  $type: string;
  isSequential?: boolean;
  completionCondition?: { body?: string };
  loopCardinality?: unknown;
  loopDataInputRef?: unknown;
  inputDataItem?: unknown;
}

/** 会签: every signer approves. 或签: the first approval is enough. */
export const SIGN_MODE_COMPLETION: Record<SignMode, string> = {
  all: 'nrOfApprovals = nrOfInstances',
  any: 'nrOfApprovals >= 1',
};

const DECISION_KEY = /^[A-Za-z_][A-Za-z0-9_.-]{0,79}$/;
const VARIABLE = /^[A-Za-z_][A-Za-z0-9_]{0,59}$/;
const SIGNER = /^(\$owner|[A-Z][A-Z0-9_]{0,19}):([a-z][a-z_]{0,39})$/;
const SIGNER_LIST =
  /^\s*(\$owner|[A-Z][A-Z0-9_]{0,19}):[a-z][a-z_]{0,39}(\s*,\s*(\$owner|[A-Z][A-Z0-9_]{0,19}):[a-z][a-z_]{0,39})*\s*$/;
/** Variables the engine sets itself: a rule's result may not overwrite them. */
const RESERVED = new Set(['applicant', 'nrOfInstances', 'nrOfApprovals', 'nrOfRejections']);
export const MAX_SIGNERS = 20;

export function readRule(el: ModdleElement, attr: AttrReader, problems: string[]): RuleSpec {
  const decision = attr(el, 'decision')?.trim() ?? '';
  const resultVariable = attr(el, 'resultVariable')?.trim() || 'decision';
  if (!decision) problems.push(`business-rule task ${el.id} has no tongban:decision`);
  else if (!DECISION_KEY.test(decision))
    problems.push(`business-rule task ${el.id}: "${decision}" is not a decision table key`);
  if (!VARIABLE.test(resultVariable) || RESERVED.has(resultVariable))
    problems.push(
      `business-rule task ${el.id}: tongban:resultVariable "${resultVariable}" is not a usable name`,
    );
  return { decision, resultVariable };
}

export function readReviewSample(text: string | undefined, problems: string[]): number | undefined {
  if (text === undefined) return undefined;
  const rate = Number(text);
  if (!/^\s*\d+(\.\d+)?\s*$/.test(text) || !(rate >= 0 && rate <= 1)) {
    problems.push(`tongban:reviewSample must be a share between 0 and 1, got "${text}"`);
    return undefined;
  }
  return rate;
}

export function isCountersign(loop: ModdleLoop | undefined): boolean {
  return loop?.$type === 'bpmn:MultiInstanceLoopCharacteristics';
}

/** Parses "HCD:officer,NRP:officer" (or `$owner:officer`) into signers. */
export function parseSigners(text: string): Signer[] {
  return text
    .split(',')
    .map((part) => part.trim().match(SIGNER)!)
    .map((m) => ({ department: m[1]!, role: m[2]! }));
}

export function readCountersign(el: ModdleElement, attr: AttrReader, problems: string[]): MultiSpec {
  const loop = el.loopCharacteristics!;
  const where = `multi-instance user task ${el.id}`;
  if (loop.isSequential) problems.push(`${where}: sequential multi-instance is not supported`);
  if (loop.loopCardinality || loop.loopDataInputRef || loop.inputDataItem)
    problems.push(`${where}: name the signers with tongban:signers, not a loop cardinality or data input`);
  const signersText = attr(el, 'signers')?.trim() ?? '';
  let signers: Signer[] | null = null;
  let signersExpression: string | null = null;
  if (!signersText) problems.push(`${where} has no tongban:signers`);
  else if (SIGNER_LIST.test(signersText)) {
    signers = parseSigners(signersText);
    const keys = signers.map((s) => `${s.department}:${s.role}`);
    if (new Set(keys).size !== keys.length) problems.push(`${where}: a signer is named twice`);
    if (signers.length > MAX_SIGNERS) problems.push(`${where}: more than ${MAX_SIGNERS} signers`);
  } else {
    const syntax = conditionSyntaxError(signersText);
    if (syntax) problems.push(`${where}: tongban:signers is neither DEPT:role pairs nor FEEL (${syntax})`);
    signersExpression = signersText;
  }
  const modeText = attr(el, 'signMode')?.trim();
  const condition = loop.completionCondition?.body?.trim();
  if (modeText !== undefined && modeText !== 'all' && modeText !== 'any')
    problems.push(`${where}: tongban:signMode must be all or any, got "${modeText}"`);
  if (modeText && condition)
    problems.push(`${where}: give either tongban:signMode or a completionCondition, not both`);
  if (condition) {
    const syntax = conditionSyntaxError(condition);
    if (syntax) problems.push(`${where}: completionCondition ${syntax}`);
  }
  const mode: SignMode | null = condition ? null : modeText === 'any' ? 'any' : 'all';
  return {
    signers,
    signersExpression,
    mode,
    completion: condition ?? SIGN_MODE_COMPLETION[mode ?? 'all'],
  };
}

export function countersignStep(m: MultiSpec): CountersignStep {
  return { mode: m.mode ?? 'condition', completion: m.completion, signers: m.signers };
}
