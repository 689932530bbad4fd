import { BpmnModdle } from 'bpmn-moddle';
import { AppError } from '../../platform/errors.ts';
import {
  type CountersignStep,
  countersignStep,
  isCountersign,
  type ModdleLoop,
  type MultiSpec,
  type RuleSpec,
  readCountersign,
  readReviewSample,
  readRule,
} from './bpmn-extensions.ts';
import { conditionSyntaxError } from './feel.ts';

/**
 * The BPMN 2.0 subset the engine runs, imported once at deploy into a plain graph stored as JSON
 * (instances never parse XML): start and end events, user tasks, sequence flows, exclusive
 * gateways with FEEL conditions (and a default flow), parallel gateways (fork and join).
 * User tasks carry `tongban:department` (a department code or `$owner`), `tongban:role`,
 * `tongban:days` (working days) and optionally `tongban:stage="acceptance"`, `tongban:nameEn` and
 * `tongban:escalation` (what happens at the yellow and red lights, see parseEscalation).
 */
export const TONGBAN_NS = 'https://tongban.dev/schema/bpmn';

export type NodeType = 'start' | 'end' | 'userTask' | 'exclusive' | 'parallel' | 'businessRule';

export type EscalationLevel = 'yellow' | 'red';
export interface EscalationRule {
  action: 'notify' | 'reassign';
  /** The role, in the task's department, that is notified or given the task. */
  role: string;
}
export type EscalationRules = Partial<Record<EscalationLevel, EscalationRule>>;

/** Without `tongban:escalation`: tell the department head at yellow, give the head the task at red. */
export const DEFAULT_ESCALATION: EscalationRules = {
  yellow: { action: 'notify', role: 'dept_head' },
  red: { action: 'reassign', role: 'dept_head' },
};

/**
 * `tongban:escalation="yellow:notify:dept_head;red:reassign:dept_head"`: per light level, an action
 * (notify | reassign) and a role; a level left out does nothing, `none` turns escalation off.
 * Returns the rules, or the problem found.
 */
export function parseEscalation(text: string): EscalationRules | string {
  const rules: EscalationRules = {};
  if (text.trim() === 'none') return rules;
  for (const part of text.split(';').map((p) => p.trim())) {
    if (!part) continue;
    const [level, action, role, ...rest] = part.split(':').map((x) => x.trim());
    if (level !== 'yellow' && level !== 'red') return `unknown level "${level}" (yellow or red)`;
    if (action !== 'notify' && action !== 'reassign')
      return `unknown action "${action}" (notify or reassign)`;
    if (!role || rest.length || !/^[a-z_]{1,40}$/.test(role)) return `"${part}" needs level:action:role`;
    if (rules[level]) return `level ${level} is given twice`;
    rules[level] = { action, role };
  }
  return rules;
}

export interface TaskSpec {
  department: string;
  role: string;
  days: number;
  /** `review`: the post-approval review of an automatic approval (made by the engine, never in a file). */
  stage: 'acceptance' | 'review' | null;
  /** Absent on definitions deployed before escalation rules existed: DEFAULT_ESCALATION applies. */
  escalation?: EscalationRules;
}

export interface GraphNode {
  id: string;
  type: NodeType;
  nameZh: string;
  nameEn: string;
  incoming: string[];
  outgoing: string[];
  defaultFlow?: string;
  task?: TaskSpec;
  /** A business-rule task: the decision table it calls (bpmn-extensions.ts). */
  rule?: RuleSpec;
  /** A multi-instance user task: one task per signer (countersign, bpmn-extensions.ts). */
  multi?: MultiSpec;
}

export interface GraphFlow {
  id: string;
  source: string;
  target: string;
  condition?: string;
}

export interface GraphStep {
  key: string;
  nameZh: string;
  nameEn: string;
  department: string;
  role: string;
  days: number;
  stage: 'acceptance' | null;
  parallel: boolean;
  conditional: boolean;
  countersign?: CountersignStep;
}

export interface ProcessGraph {
  startId: string;
  nodes: Record<string, GraphNode>;
  flows: Record<string, GraphFlow>;
  /** User tasks in execution order, as the service guide shows them. */
  steps: GraphStep[];
  /** The user-task sets of each possible route (one per combination of exclusive choices). */
  routes: string[][];
  /** Working days of the longest route: the case's default time limit. */
  totalDays: number;
  /** Share (0–1) of automatic approvals sampled for a post-approval review (`tongban:reviewSample`). */
  reviewSample?: number;
}

const TYPES: Record<string, NodeType> = {
  'bpmn:StartEvent': 'start',
  'bpmn:EndEvent': 'end',
  'bpmn:UserTask': 'userTask',
  'bpmn:ExclusiveGateway': 'exclusive',
  'bpmn:ParallelGateway': 'parallel',
  'bpmn:BusinessRuleTask': 'businessRule',
};
const MAX_ROUTES = 64;

export type AttrReader = (el: ModdleElement, name: string) => string | undefined;

export interface ModdleElement {
  $type: string;
  id: string;
  name?: string;
  $attrs?: Record<string, string>;
  sourceRef?: { id: string };
  targetRef?: { id: string };
  conditionExpression?: { body?: string };
  default?: { id: string };
  eventDefinitions?: unknown[];
  loopCharacteristics?: ModdleLoop;
  flowElements?: ModdleElement[];
  rootElements?: ModdleElement[];
}

function invalid(reason: string, problems: string[]): never {
  throw new AppError('WORKFLOW_DEFINITION_INVALID', problems, { reason });
}

/** Parses and checks BPMN XML; every problem found is listed in the error's details. */
export async function importBpmn(xml: string): Promise<ProcessGraph> {
  let root: ModdleElement;
  try {
    root = (await new BpmnModdle().fromXML(xml)).rootElement as unknown as ModdleElement;
  } catch (err) {
    invalid('not BPMN 2.0 XML', [String((err as Error).message).split('\n')[0] ?? 'unparsable']);
  }
  const prefix = Object.entries(root.$attrs ?? {})
    .find(([k, v]) => k.startsWith('xmlns:') && v === TONGBAN_NS)?.[0]
    .slice(6);
  const attr: AttrReader = (el, name) => (prefix ? el.$attrs?.[`${prefix}:${name}`] : undefined);

  const roots = root.rootElements ?? [];
  const processes = roots.filter((r) => r.$type === 'bpmn:Process');
  const unsupported = roots.filter((r) => r.$type !== 'bpmn:Process').map((r) => `${r.$type} ${r.id}`);
  if (processes.length !== 1)
    invalid('exactly one process is required', [`found ${processes.length} processes`]);

  const nodes: Record<string, GraphNode> = {};
  const flows: Record<string, GraphFlow> = {};
  const problems: string[] = [];
  const reviewSample = readReviewSample(attr(processes[0]!, 'reviewSample'), problems);
  for (const el of processes[0]!.flowElements ?? []) {
    if (el.$type === 'bpmn:SequenceFlow') {
      const body = el.conditionExpression?.body?.trim();
      flows[el.id] = {
        id: el.id,
        source: el.sourceRef?.id ?? '',
        target: el.targetRef?.id ?? '',
        ...(body ? { condition: body } : {}),
      };
      continue;
    }
    const type = TYPES[el.$type];
    const multi = type === 'userTask' && isCountersign(el.loopCharacteristics);
    if (!type || el.eventDefinitions?.length || (el.loopCharacteristics && !multi)) {
      unsupported.push(
        `${el.$type}${el.eventDefinitions?.length ? ' with event definition' : ''}${el.loopCharacteristics ? ' with loop' : ''} ${el.id}`,
      );
      continue;
    }
    const nameZh = el.name?.trim() || el.id;
    const node: GraphNode = {
      id: el.id,
      type,
      nameZh,
      nameEn: attr(el, 'nameEn')?.trim() || nameZh,
      incoming: [],
      outgoing: [],
    };
    if (el.default) node.defaultFlow = el.default.id;
    if (type === 'businessRule') node.rule = readRule(el, attr, problems);
    if (multi) node.multi = readCountersign(el, attr, problems);
    if (type === 'userTask') {
      // A countersign task names its signers instead of one department and role.
      const department =
        attr(el, 'department')?.trim() ||
        node.multi?.signers?.[0]?.department ||
        (multi ? '$owner' : undefined);
      const role =
        attr(el, 'role')?.trim() || node.multi?.signers?.[0]?.role || (multi ? 'officer' : undefined);
      const daysText = attr(el, 'days') ?? '1';
      const stage = attr(el, 'stage');
      const escalationText = attr(el, 'escalation');
      const escalation = escalationText === undefined ? DEFAULT_ESCALATION : parseEscalation(escalationText);
      if (typeof escalation === 'string')
        problems.push(`user task ${el.id}: tongban:escalation ${escalation}`);
      if (!department) problems.push(`user task ${el.id} has no tongban:department`);
      if (!role) problems.push(`user task ${el.id} has no tongban:role`);
      if (!/^\d{1,3}$/.test(daysText))
        problems.push(`user task ${el.id}: tongban:days must be a whole number`);
      if (stage !== undefined && stage !== 'acceptance')
        problems.push(`user task ${el.id}: unknown tongban:stage "${stage}"`);
      node.task = {
        department: department ?? '',
        role: role ?? '',
        days: Number(daysText) || 0,
        stage: stage === 'acceptance' ? 'acceptance' : null,
        escalation: typeof escalation === 'string' ? {} : escalation,
      };
    }
    nodes[el.id] = node;
  }
  if (unsupported.length) invalid(`unsupported elements: ${unsupported.join(', ')}`, unsupported);

  for (const f of Object.values(flows)) {
    const from = nodes[f.source];
    const to = nodes[f.target];
    if (!from || !to) {
      problems.push(`sequence flow ${f.id} does not connect two known elements`);
      continue;
    }
    from.outgoing.push(f.id);
    to.incoming.push(f.id);
    if (f.condition !== undefined) {
      if (from.type !== 'exclusive')
        problems.push(`sequence flow ${f.id}: conditions are only supported after an exclusive gateway`);
      const syntax = conditionSyntaxError(f.condition);
      if (syntax) problems.push(`sequence flow ${f.id}: ${syntax}`);
    }
  }
  const starts = Object.values(nodes).filter((n) => n.type === 'start');
  if (starts.length !== 1) problems.push(`exactly one start event is required, found ${starts.length}`);
  if (!Object.values(nodes).some((n) => n.type === 'end')) problems.push('an end event is required');
  for (const n of Object.values(nodes)) checkNode(n, flows, problems);
  if (problems.length) invalid(problems.join('; '), problems);

  const graph = { startId: starts[0]!.id, nodes, flows };
  const order = topologicalOrder(graph);
  if (!order) invalid('cycles are not supported', ['the sequence flows form a cycle']);
  // With every exclusive branch taken at once, whatever some route reaches is reached.
  const reached = reachable(graph, order, new Map());
  const unreachable = Object.keys(nodes).filter((id) => !reached.has(id));
  if (unreachable.length) invalid(`unreachable elements: ${unreachable.join(', ')}`, unreachable);
  const routes = enumerateRoutes(graph, order);
  return {
    ...graph,
    steps: describeSteps(graph, order, routes),
    routes,
    totalDays: longestDays(graph, order),
    ...(reviewSample === undefined ? {} : { reviewSample }),
  };
}

function checkNode(n: GraphNode, flows: Record<string, GraphFlow>, problems: string[]) {
  const inc = n.incoming.length;
  const out = n.outgoing.length;
  switch (n.type) {
    case 'start':
      if (inc !== 0 || out !== 1)
        problems.push(`start event ${n.id} needs no incoming and one outgoing flow`);
      break;
    case 'end':
      if (inc < 1 || out !== 0) problems.push(`end event ${n.id} needs incoming and no outgoing flows`);
      break;
    case 'userTask':
      if (inc < 1 || out !== 1)
        problems.push(`user task ${n.id} needs incoming flows and exactly one outgoing flow`);
      break;
    case 'businessRule':
      if (inc < 1 || out !== 1)
        problems.push(`business-rule task ${n.id} needs incoming flows and exactly one outgoing flow`);
      break;
    case 'exclusive':
      if (inc < 1 || out < 1) problems.push(`exclusive gateway ${n.id} needs incoming and outgoing flows`);
      if (out > 1) {
        for (const id of n.outgoing) {
          if (id !== n.defaultFlow && flows[id]?.condition === undefined) {
            problems.push(
              `sequence flow ${id} leaves exclusive gateway ${n.id} without a condition and is not its default`,
            );
          }
        }
      }
      if (n.defaultFlow && !n.outgoing.includes(n.defaultFlow))
        problems.push(`default flow of ${n.id} does not leave it`);
      break;
    case 'parallel':
      if (inc < 1 || out < 1 || (inc === 1 && out === 1))
        problems.push(`parallel gateway ${n.id} must fork or join`);
      break;
  }
}

type Shape = Pick<ProcessGraph, 'startId' | 'nodes' | 'flows'>;

/** Kahn's order from the start event; undefined when the flows form a cycle. */
function topologicalOrder(g: Shape): string[] | undefined {
  const indegree = new Map(Object.values(g.nodes).map((n) => [n.id, n.incoming.length]));
  const queue = Object.values(g.nodes)
    .filter((n) => n.incoming.length === 0)
    .map((n) => n.id);
  const order: string[] = [];
  while (queue.length) {
    const id = queue.shift()!;
    order.push(id);
    for (const f of g.nodes[id]!.outgoing) {
      const t = g.flows[f]!.target;
      const d = indegree.get(t)! - 1;
      indegree.set(t, d);
      if (d === 0) queue.push(t);
    }
  }
  return order.length === Object.keys(g.nodes).length ? order : undefined;
}

/**
 * Nodes reached from the start when each exclusive gateway in `choice` takes only the chosen
 * flow (others take all), and a parallel join is reached only when all its incoming flows are.
 */
function reachable(g: Shape, order: string[], choice: Map<string, string>): Set<string> {
  const flowOn = new Set<string>();
  const seen = new Set<string>();
  for (const id of order) {
    const n = g.nodes[id]!;
    const on =
      n.type === 'start' ||
      (n.type === 'parallel' && n.incoming.length > 1
        ? n.incoming.every((f) => flowOn.has(f))
        : n.incoming.some((f) => flowOn.has(f)));
    if (!on) continue;
    seen.add(id);
    const chosen = choice.get(id);
    for (const f of n.outgoing) if (!chosen || chosen === f) flowOn.add(f);
  }
  return seen;
}

function enumerateChoices(g: Shape, order: string[]): Map<string, string>[] {
  let choices: Map<string, string>[] = [new Map()];
  for (const id of order) {
    const n = g.nodes[id]!;
    if (n.type !== 'exclusive' || n.outgoing.length < 2) continue;
    choices = choices.flatMap((c) => n.outgoing.map((f) => new Map([...c, [id, f]])));
    if (choices.length > MAX_ROUTES)
      invalid(`more than ${MAX_ROUTES} routes`, ['too many exclusive choices']);
  }
  return choices;
}

function enumerateRoutes(g: Shape, order: string[]): string[][] {
  const routes = new Map<string, string[]>();
  for (const c of enumerateChoices(g, order)) {
    const seen = reachable(g, order, c);
    const tasks = order.filter((id) => seen.has(id) && g.nodes[id]!.type === 'userTask');
    routes.set(tasks.join(','), tasks);
  }
  return [...routes.values()];
}

function describeSteps(g: Shape, order: string[], routes: string[][]): GraphStep[] {
  // Depth of open parallel forks at each node: a step inside a fork runs alongside others.
  const depth = new Map<string, number>();
  for (const id of order) {
    const n = g.nodes[id]!;
    const before = Math.max(0, ...n.incoming.map((f) => depth.get(`flow:${f}`) ?? 0));
    const here = n.type === 'parallel' && n.incoming.length > 1 ? before - 1 : before;
    depth.set(id, here);
    const after = n.type === 'parallel' && n.outgoing.length > 1 ? here + 1 : here;
    for (const f of n.outgoing) depth.set(`flow:${f}`, after);
  }
  return order
    .filter((id) => g.nodes[id]!.type === 'userTask')
    .map((id) => {
      const n = g.nodes[id]!;
      const t = n.task!;
      return {
        key: id,
        nameZh: n.nameZh,
        nameEn: n.nameEn,
        department: t.department,
        role: t.role,
        days: t.days,
        stage: t.stage === 'acceptance' ? 'acceptance' : null,
        parallel: (depth.get(id) ?? 0) > 0,
        conditional: !routes.every((r) => r.includes(id)),
        ...(n.multi ? { countersign: countersignStep(n.multi) } : {}),
      };
    });
}

function longestDays(g: Shape, order: string[]): number {
  const best = new Map<string, number>();
  for (const id of order) {
    const n = g.nodes[id]!;
    const before = Math.max(0, ...n.incoming.map((f) => best.get(g.flows[f]!.source) ?? 0));
    best.set(id, before + (n.task?.days ?? 0));
  }
  return Math.max(0, ...best.values());
}
