// Request and response schemas of the decisions module (TypeBox): DMN-style decision tables whose
// entries are FEEL, their versions, test runs with an explanation trace, and stored evaluations.
import { type Static, Type } from 'typebox';
import { IsoDateTime, Page, Uuid } from './common.ts';

/**
 * UNIQUE: at most one rule may match (more is an error); FIRST: the first matching rule in table
 * order; COLLECT: every matching rule, optionally aggregated (SUM, COUNT, MIN, MAX).
 */
export const HitPolicy = Type.Union([Type.Literal('UNIQUE'), Type.Literal('FIRST'), Type.Literal('COLLECT')]);
export type HitPolicy = Static<typeof HitPolicy>;

export const CollectAggregation = Type.Union([
  Type.Literal('SUM'),
  Type.Literal('COUNT'),
  Type.Literal('MIN'),
  Type.Literal('MAX'),
]);
export type CollectAggregation = Static<typeof CollectAggregation>;

/** A table key: DMN decision ids are NCNames, e.g. `hpf-withdrawal-instant`. */
export const DecisionKey = Type.String({ pattern: '^[A-Za-z_][A-Za-z0-9_.-]{0,79}$', maxLength: 80 });
const ElementId = Type.String({ pattern: '^[A-Za-z_][A-Za-z0-9_.-]{0,79}$', maxLength: 80 });
const Feel = (description: string) => Type.String({ maxLength: 2000, description });
const Label = Type.String({ minLength: 1, maxLength: 200 });

/** How explanations show a column's values: `fen` prints money in yuan. */
export const DecisionValueFormat = Type.Literal('fen');
/** Words for coded values in explanations, e.g. `{ "rent": { "zh": "租房自住", "en": "Paying rent" } }`. */
export const DecisionValueLabels = Type.Record(
  Type.String({ maxLength: 100 }),
  Type.Object({ zh: Type.String({ maxLength: 200 }), en: Type.String({ maxLength: 200 }) }),
);

export const DecisionInput = Type.Object(
  {
    id: ElementId,
    labelZh: Label,
    labelEn: Label,
    expression: Type.String({
      minLength: 1,
      maxLength: 2000,
      description: 'FEEL over the context, e.g. withdrawal.amountFen',
    }),
    typeRef: Type.Optional(Type.String({ maxLength: 60 })),
    valueFormat: Type.Optional(DecisionValueFormat),
    valueLabels: Type.Optional(DecisionValueLabels),
  },
  { additionalProperties: false },
);
export type DecisionInput = Static<typeof DecisionInput>;

export const DecisionOutput = Type.Object(
  {
    id: ElementId,
    name: Type.String({
      pattern: '^[A-Za-z_][A-Za-z0-9_]{0,59}$',
      description: 'the key of this value in the outputs',
    }),
    labelZh: Label,
    labelEn: Label,
    typeRef: Type.Optional(
      Type.String({ maxLength: 60, description: 'string, number and boolean values are checked' }),
    ),
    valueFormat: Type.Optional(DecisionValueFormat),
    valueLabels: Type.Optional(DecisionValueLabels),
  },
  { additionalProperties: false },
);
export type DecisionOutput = Static<typeof DecisionOutput>;

export const DecisionRule = Type.Object(
  {
    id: ElementId,
    inputEntries: Type.Array(Feel('FEEL unary tests; "-" (or empty) matches anything'), { maxItems: 50 }),
    outputEntries: Type.Array(Feel('FEEL expression'), { maxItems: 50 }),
    descriptionZh: Type.Optional(Type.String({ maxLength: 500 })),
    descriptionEn: Type.Optional(Type.String({ maxLength: 500 })),
  },
  { additionalProperties: false },
);
export type DecisionRule = Static<typeof DecisionRule>;

/** One decision table as stored (JSON); a DMN import produces the same shape. */
export const DecisionTable = Type.Object(
  {
    key: DecisionKey,
    nameZh: Label,
    nameEn: Label,
    hitPolicy: HitPolicy,
    aggregation: Type.Optional(CollectAggregation),
    inputs: Type.Array(DecisionInput, { maxItems: 50 }),
    outputs: Type.Array(DecisionOutput, { minItems: 1, maxItems: 50 }),
    rules: Type.Array(DecisionRule, { maxItems: 2000 }),
  },
  { additionalProperties: false },
);
export type DecisionTable = Static<typeof DecisionTable>;

export const DecisionSource = Type.Union([Type.Literal('json'), Type.Literal('dmn')]);
export type DecisionSource = Static<typeof DecisionSource>;

export const DecisionVersionSummary = Type.Object({
  id: Uuid,
  key: DecisionKey,
  version: Type.Integer({ minimum: 1 }),
  nameZh: Type.String(),
  nameEn: Type.String(),
  hitPolicy: HitPolicy,
  ruleCount: Type.Integer({ minimum: 0 }),
  source: DecisionSource,
  createdById: Type.Union([Uuid, Type.Null()]),
  createdByName: Type.Union([Type.String(), Type.Null()], { description: 'null: the system (demo seed)' }),
  createdAt: IsoDateTime,
});
export type DecisionVersionSummary = Static<typeof DecisionVersionSummary>;

const Owner = {
  ownerDepartmentId: Uuid,
  ownerDepartmentCode: Type.String(),
  ownerDepartmentNameZh: Type.String(),
  ownerDepartmentNameEn: Type.String(),
  mayAdminister: Type.Boolean({
    description: 'whether the caller may add versions (dept_admin of the owner)',
  }),
};

export const DecisionTableSummary = Type.Object({
  key: DecisionKey,
  ...Owner,
  versionCount: Type.Integer({ minimum: 1 }),
  latest: DecisionVersionSummary,
});
export type DecisionTableSummary = Static<typeof DecisionTableSummary>;

export const DecisionTablePage = Page(DecisionTableSummary);
export type DecisionTablePage = Static<typeof DecisionTablePage>;

export const DecisionTableQuery = Type.Object(
  {
    department: Type.Optional(Type.String({ maxLength: 20, description: 'owner department code' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
    cursor: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
);
export type DecisionTableQuery = Static<typeof DecisionTableQuery>;

export const DecisionTableDetail = Type.Object({
  key: DecisionKey,
  ...Owner,
  /** Newest first. */
  versions: Type.Array(DecisionVersionSummary),
});
export type DecisionTableDetail = Static<typeof DecisionTableDetail>;

export const DecisionVersionDetail = Type.Object({
  ...DecisionVersionSummary.properties,
  ...Owner,
  table: DecisionTable,
});
export type DecisionVersionDetail = Static<typeof DecisionVersionDetail>;

export const DecisionKeyParams = Type.Object({ key: DecisionKey }, { additionalProperties: false });
export const DecisionVersionParams = Type.Object(
  { key: DecisionKey, version: Type.Integer({ minimum: 1 }) },
  { additionalProperties: false },
);

const OwnerDepartmentCode = Type.Optional(
  Type.String({
    maxLength: 20,
    description: 'owner of a new table (a department the caller administers); default: the only one',
  }),
);

export const SaveDecisionTableBody = Type.Object(
  { table: DecisionTable, ownerDepartmentCode: OwnerDepartmentCode },
  { additionalProperties: false },
);
export type SaveDecisionTableBody = Static<typeof SaveDecisionTableBody>;

export const ImportDmnBody = Type.Object(
  {
    xml: Type.String({ minLength: 1, maxLength: 512 * 1024, description: 'DMN 1.3 XML' }),
    ownerDepartmentCode: OwnerDepartmentCode,
  },
  { additionalProperties: false },
);
export type ImportDmnBody = Static<typeof ImportDmnBody>;

export const SavedDecisionVersion = Type.Object({
  id: Uuid,
  key: DecisionKey,
  version: Type.Integer({ minimum: 1 }),
  created: Type.Boolean({ description: 'false: same content as the latest version, which is returned' }),
});
export type SavedDecisionVersion = Static<typeof SavedDecisionVersion>;

export const ImportDmnResult = Type.Object({ items: Type.Array(SavedDecisionVersion) });
export type ImportDmnResult = Static<typeof ImportDmnResult>;

export const EvaluateDecisionBody = Type.Object(
  {
    context: Type.Record(Type.String(), Type.Unknown(), {
      description: 'the variables the input expressions read, e.g. {"withdrawal": {"amountFen": 1200000}}',
    }),
    version: Type.Optional(Type.Integer({ minimum: 1, description: 'default: the latest version' })),
  },
  { additionalProperties: false },
);
export type EvaluateDecisionBody = Static<typeof EvaluateDecisionBody>;

/** An input column's value in one evaluation. */
export const DecisionTraceInput = Type.Object({
  id: Type.String(),
  labelZh: Type.String(),
  labelEn: Type.String(),
  expression: Type.String(),
  value: Type.Unknown(),
  valueFormat: Type.Optional(DecisionValueFormat),
  valueText: Type.Optional(
    Type.Object(
      { zh: Type.String(), en: Type.String() },
      { description: "the value's words, from valueLabels" },
    ),
  ),
});
export type DecisionTraceInput = Static<typeof DecisionTraceInput>;

export const DecisionTraceEntry = Type.Object({
  inputId: Type.String(),
  test: Type.String(),
  value: Type.Unknown(),
  matched: Type.Boolean(),
});
export type DecisionTraceEntry = Static<typeof DecisionTraceEntry>;

/**
 * A rule as evaluated: a matched rule lists every entry; a rule that did not match lists only its
 * first failing entry (evaluation stops there). Rules after FIRST's match are not evaluated.
 */
export const DecisionTraceRule = Type.Object({
  id: Type.String(),
  matched: Type.Boolean(),
  entries: Type.Array(DecisionTraceEntry),
  descriptionZh: Type.Optional(Type.String({ description: 'matched rules only' })),
  descriptionEn: Type.Optional(Type.String()),
});
export type DecisionTraceRule = Static<typeof DecisionTraceRule>;

export const DecisionOutputs = Type.Union(
  [
    Type.Record(Type.String(), Type.Unknown()),
    Type.Array(Type.Record(Type.String(), Type.Unknown())),
    Type.Null(),
  ],
  {
    description:
      'UNIQUE/FIRST and aggregated COLLECT: one object (null when no rule matched); COLLECT: a list',
  },
);
export type DecisionOutputs = Static<typeof DecisionOutputs>;

export const DecisionTrace = Type.Object({
  tableKey: Type.String(),
  versionId: Uuid,
  version: Type.Integer(),
  hitPolicy: HitPolicy,
  aggregation: Type.Union([CollectAggregation, Type.Null()]),
  inputs: Type.Array(DecisionTraceInput),
  rules: Type.Array(DecisionTraceRule),
  matched: Type.Array(Type.String()),
  outputs: DecisionOutputs,
  evaluatedAt: IsoDateTime,
});
export type DecisionTrace = Static<typeof DecisionTrace>;

export const DecisionResult = Type.Object({
  outputs: DecisionOutputs,
  matched: Type.Array(Type.String(), { description: 'ids of the matched rules, in table order' }),
  trace: DecisionTrace,
});
export type DecisionResult = Static<typeof DecisionResult>;

/** A test run: the result and the explanation an applicant would read, in the request's language. */
export const DecisionTestRun = Type.Object({
  ...DecisionResult.properties,
  explanation: Type.Array(Type.String()),
});
export type DecisionTestRun = Static<typeof DecisionTestRun>;

export const DecisionEvaluationQuery = Type.Object(
  {
    subjectType: Type.String({ minLength: 1, maxLength: 60, description: 'e.g. application' }),
    subjectId: Type.String({ minLength: 1, maxLength: 100 }),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
    cursor: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
);
export type DecisionEvaluationQuery = Static<typeof DecisionEvaluationQuery>;

/** A stored evaluation: the decision it caused, with the input values it read and its trace. */
export const DecisionEvaluation = Type.Object({
  id: Uuid,
  tableKey: Type.String(),
  versionId: Uuid,
  version: Type.Integer(),
  subjectType: Type.String(),
  subjectId: Type.String(),
  context: Type.Record(Type.String(), Type.Unknown(), {
    description: 'only the values the table read, by expression (e.g. "withdrawal.amountFen")',
  }),
  outputs: DecisionOutputs,
  matched: Type.Array(Type.String()),
  trace: DecisionTrace,
  evaluatedAt: IsoDateTime,
  explanation: Type.Array(Type.String(), { description: 'plain-words lines in the language asked for' }),
});
export type DecisionEvaluation = Static<typeof DecisionEvaluation>;

export const DecisionEvaluationPage = Page(DecisionEvaluation);
export type DecisionEvaluationPage = Static<typeof DecisionEvaluationPage>;

export const DecisionEvaluationParams = Type.Object({ id: Uuid }, { additionalProperties: false });
