// Request and response schemas of the workflow module (TypeBox), shared by the API and the web.
import { type Static, Type } from 'typebox';
import { CountersignProgress } from './automation.ts';
import { IsoDate, IsoDateTime, Page, Uuid } from './common.ts';

/**
 * SLA light of a task or case: yellow in the last 20% of the allowed span, red when overdue,
 * paused while the clock is stopped (waiting on the applicant, or a statutory period).
 */
export const SlaLight = Type.Union([
  Type.Literal('green'),
  Type.Literal('yellow'),
  Type.Literal('red'),
  Type.Literal('paused'),
]);
export type SlaLight = Static<typeof SlaLight>;

export const TaskStatus = Type.Union([
  Type.Literal('open'),
  Type.Literal('claimed'),
  Type.Literal('completed'),
  Type.Literal('returned'),
  Type.Literal('cancelled'),
]);
export type TaskStatus = Static<typeof TaskStatus>;

export const TaskOutcome = Type.Union(
  [
    Type.Literal('approve'),
    Type.Literal('reject'),
    Type.Literal('return'),
    Type.Literal('confirm'),
    Type.Literal('flag'),
  ],
  { description: 'approve | reject | return; a post-approval review (stage review) is confirm | flag' },
);
export type TaskOutcome = Static<typeof TaskOutcome>;

export const TaskListQuery = Type.Object(
  {
    view: Type.Optional(
      Type.Union(
        [Type.Literal('inbox'), Type.Literal('mine'), Type.Literal('done'), Type.Literal('flagged')],
        {
          default: 'inbox',
          description:
            'inbox: open tasks of my department roles and those I claimed; mine: claimed by me; done: completed by me; flagged: post-approval reviews flagged in the departments I head (dept_head)',
        },
      ),
    ),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
    cursor: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
);
export type TaskListQuery = Static<typeof TaskListQuery>;

/** One row of an officer's inbox: everything the list shows, without asking other modules. */
export const TaskSummary = Type.Object({
  id: Uuid,
  caseId: Type.String({ description: 'the business key: the application (case) id' }),
  caseNumber: Type.String(),
  itemNameZh: Type.String(),
  itemNameEn: Type.String(),
  applicantName: Type.String({ description: 'masked' }),
  stepName: Type.String({ description: 'step name in Chinese' }),
  stepNameZh: Type.String(),
  stepNameEn: Type.String(),
  stage: Type.Union([Type.Literal('acceptance'), Type.Literal('review'), Type.Null()], {
    description:
      'acceptance: the window acceptance step; review: a post-approval review of an automatic approval',
  }),
  departmentId: Uuid,
  departmentCode: Type.String(),
  role: Type.String(),
  status: TaskStatus,
  assigneeName: Type.Union([Type.String(), Type.Null()]),
  createdAt: IsoDateTime,
  dueAt: IsoDateTime,
  light: Type.Union([SlaLight, Type.Null()]),
  escalationLevel: Type.Union([Type.Literal('yellow'), Type.Literal('red'), Type.Null()], {
    description: 'the highest escalation applied to the task (department head notified or given it)',
  }),
});
export type TaskSummary = Static<typeof TaskSummary>;

export const TaskPage = Page(TaskSummary);
export type TaskPage = Static<typeof TaskPage>;

export const TaskDetail = Type.Object({
  ...TaskSummary.properties,
  instanceId: Uuid,
  departmentNameZh: Type.String(),
  departmentNameEn: Type.String(),
  assigneeId: Type.Union([Uuid, Type.Null()]),
  outcome: Type.Union([TaskOutcome, Type.Null()]),
  note: Type.Union([Type.String(), Type.Null()]),
  completedAt: Type.Union([IsoDateTime, Type.Null()]),
  countersign: Type.Optional(
    Type.Union([CountersignProgress, Type.Null()], {
      description: "a countersign signer's task: the step's progress (n of m signed)",
    }),
  ),
});
export type TaskDetail = Static<typeof TaskDetail>;

export const TaskIdParams = Type.Object({ id: Uuid }, { additionalProperties: false });

export const CompleteTaskBody = Type.Object(
  {
    outcome: TaskOutcome,
    note: Type.Optional(
      Type.String({ maxLength: 2000, description: 'required for reject and return: the applicant reads it' }),
    ),
  },
  { additionalProperties: false },
);
export type CompleteTaskBody = Static<typeof CompleteTaskBody>;

/** A user task of a process, as the service guide shows it. */
export const ProcessStep = Type.Object({
  key: Type.String(),
  nameZh: Type.String(),
  nameEn: Type.String(),
  department: Type.String({ description: "a department code, or '$owner' for the item's owning department" }),
  role: Type.String(),
  days: Type.Integer({ description: 'working days allowed for the step' }),
  stage: Type.Union([Type.Literal('acceptance'), Type.Null()]),
  parallel: Type.Boolean({ description: 'runs alongside other steps' }),
  conditional: Type.Boolean({ description: 'only taken on some paths' }),
  countersign: Type.Optional(
    Type.Object(
      {
        mode: Type.Union([Type.Literal('all'), Type.Literal('any'), Type.Literal('condition')]),
        completion: Type.String(),
        signers: Type.Union([
          Type.Array(Type.Object({ department: Type.String(), role: Type.String() })),
          Type.Null(),
        ]),
      },
      { description: 'a countersign step: one task per signer (signers null: computed per case)' },
    ),
  ),
});
export type ProcessStep = Static<typeof ProcessStep>;

export const DefinitionSummary = Type.Object({
  id: Uuid,
  key: Type.String(),
  version: Type.Integer(),
  name: Type.String(),
  deployedAt: IsoDateTime,
});
export type DefinitionSummary = Static<typeof DefinitionSummary>;

export const DefinitionList = Type.Object({ items: Type.Array(DefinitionSummary) });

export const DefinitionDetail = Type.Object({
  ...DefinitionSummary.properties,
  totalDays: Type.Integer(),
  steps: Type.Array(ProcessStep),
  instant: Type.Optional(
    Type.Boolean({
      description: 'instant approval (秒批秒办): a decision table may approve a case with no officer step',
    }),
  ),
});
export type DefinitionDetail = Static<typeof DefinitionDetail>;

export const DefinitionKeyParams = Type.Object(
  { key: Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,62}$' }) },
  { additionalProperties: false },
);

export const DeployDefinitionBody = Type.Object(
  {
    key: Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,62}$' }),
    name: Type.String({ minLength: 1, maxLength: 200 }),
    bpmnXml: Type.String({ minLength: 1, maxLength: 1_000_000 }),
  },
  { additionalProperties: false },
);
export type DeployDefinitionBody = Static<typeof DeployDefinitionBody>;

export const DeployDefinitionResult = Type.Object({
  id: Uuid,
  key: Type.String(),
  version: Type.Integer(),
  created: Type.Boolean({ description: 'false when the same XML was already deployed' }),
});

export const CalendarDayKind = Type.Union([Type.Literal('holiday'), Type.Literal('workday')]);

export const CalendarDay = Type.Object({
  date: IsoDate,
  kind: CalendarDayKind,
  nameZh: Type.Union([Type.String(), Type.Null()]),
  nameEn: Type.Union([Type.String(), Type.Null()]),
});
export type CalendarDay = Static<typeof CalendarDay>;

export const CalendarParams = Type.Object(
  { regionCode: Type.String({ pattern: '^[0-9]{6}$' }) },
  { additionalProperties: false },
);
export const CalendarDayParams = Type.Object(
  { regionCode: Type.String({ pattern: '^[0-9]{6}$' }), date: IsoDate },
  { additionalProperties: false },
);
export const CalendarQuery = Type.Object(
  { year: Type.Optional(Type.Integer({ minimum: 2000, maximum: 2100 })) },
  { additionalProperties: false },
);
export const CalendarYear = Type.Object({
  regionCode: Type.String(),
  year: Type.Integer(),
  days: Type.Array(CalendarDay, {
    description: 'exceptions only: weekends are non-working unless listed as workday',
  }),
});
export type CalendarYear = Static<typeof CalendarYear>;

export const PutCalendarDayBody = Type.Object(
  {
    kind: CalendarDayKind,
    nameZh: Type.Optional(Type.String({ maxLength: 100 })),
    nameEn: Type.Optional(Type.String({ maxLength: 100 })),
  },
  { additionalProperties: false },
);
export type PutCalendarDayBody = Static<typeof PutCalendarDayBody>;

export const CalendarImportBody = Type.Object(
  { ics: Type.String({ minLength: 1, maxLength: 300_000, description: 'an iCalendar (.ics) text' }) },
  { additionalProperties: false },
);
export type CalendarImportBody = Static<typeof CalendarImportBody>;

export const CalendarImportResult = Type.Object({
  regionCode: Type.String(),
  holidays: Type.Integer({ description: 'holiday dates written' }),
  workdays: Type.Integer({ description: 'make-up working dates written' }),
  days: Type.Array(CalendarDay),
  ignored: Type.Array(
    Type.Object({
      uid: Type.Union([Type.String(), Type.Null()]),
      summary: Type.Union([Type.String(), Type.Null()]),
      reason: Type.Union(
        [Type.Literal('not_all_day'), Type.Literal('recurring'), Type.Literal('not_a_calendar_day')],
        { description: 'timed event, recurring event, or neither a day off (休/假) nor a working day (班)' },
      ),
    }),
  ),
});
export type CalendarImportResult = Static<typeof CalendarImportResult>;

// ---- the SLA clock: pauses, extensions, escalations

/** Statutory periods not counted in the time limit (行政许可法 art. 45), started by the officer. */
export const StatutoryPauseKind = Type.Union([
  Type.Literal('public_notice'),
  Type.Literal('expert_review'),
  Type.Literal('hearing'),
  Type.Literal('on_site_inspection'),
]);
export type StatutoryPauseKind = Static<typeof StatutoryPauseKind>;

/** Why the clock stopped: waiting on the applicant's supplement (补正), or a statutory period. */
export const PauseKind = Type.Union([Type.Literal('supplement'), ...StatutoryPauseKind.anyOf]);
export type PauseKind = Static<typeof PauseKind>;

export const PauseBody = Type.Object(
  {
    kind: StatutoryPauseKind,
    reason: Type.String({
      minLength: 1,
      maxLength: 1000,
      description: 'shown to officers, not the applicant',
    }),
    plannedDays: Type.Optional(
      Type.Integer({ minimum: 1, maximum: 365, description: 'working days the period is expected to take' }),
    ),
  },
  { additionalProperties: false },
);
export type PauseBody = Static<typeof PauseBody>;

export const ExtensionBody = Type.Object(
  {
    days: Type.Integer({ minimum: 1, maximum: 365, description: 'working days to add to the limits' }),
    reason: Type.String({ minLength: 1, maxLength: 1000, description: 'the applicant is told the reason' }),
  },
  { additionalProperties: false },
);
export type ExtensionBody = Static<typeof ExtensionBody>;

export const ExtensionDecisionBody = Type.Object(
  { note: Type.Optional(Type.String({ maxLength: 1000, description: 'required to refuse' })) },
  { additionalProperties: false },
);
export type ExtensionDecisionBody = Static<typeof ExtensionDecisionBody>;

export const ExtensionIdParams = Type.Object({ id: Uuid }, { additionalProperties: false });

export const ExtensionStatus = Type.Union([
  Type.Literal('pending'),
  Type.Literal('approved'),
  Type.Literal('refused'),
]);

const Nullable = <T extends import('typebox').TSchema>(t: T) => Type.Union([t, Type.Null()]);

/** A deadline extension request, as the department head's queue and the case views show it. */
export const Extension = Type.Object({
  id: Uuid,
  instanceId: Uuid,
  caseId: Type.String(),
  caseNumber: Type.String(),
  itemNameZh: Type.String(),
  itemNameEn: Type.String(),
  stepNameZh: Type.String(),
  stepNameEn: Type.String(),
  days: Type.Integer(),
  reason: Type.String(),
  status: ExtensionStatus,
  requestedByName: Type.String(),
  requestedAt: IsoDateTime,
  decidedByName: Nullable(Type.String()),
  decidedAt: Nullable(IsoDateTime),
  decisionNote: Nullable(Type.String()),
  dueAt: IsoDateTime,
  statutoryDueAt: IsoDateTime,
  allowanceDays: Type.Integer({ description: 'working days the case may be extended by in total' }),
  usedDays: Type.Integer({ description: 'working days already approved' }),
});
export type Extension = Static<typeof Extension>;

export const ExtensionQuery = Type.Object(
  {
    status: Type.Optional(ExtensionStatus),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
    cursor: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
);
export type ExtensionQuery = Static<typeof ExtensionQuery>;

export const ExtensionPage = Page(Extension);
export type ExtensionPage = Static<typeof ExtensionPage>;

/** The stopped clock of a case: what, since when, until when (planned); who and why for officers only. */
export const CasePause = Type.Object({
  kind: PauseKind,
  since: IsoDateTime,
  plannedUntil: Nullable(IsoDate),
  reason: Nullable(Type.String()),
  byName: Nullable(Type.String()),
});
export type CasePause = Static<typeof CasePause>;

/** Both limits of a case, and why its clock is stopped or was extended. */
export const CaseClock = Type.Object({
  promisedDueAt: IsoDateTime,
  statutoryDueAt: IsoDateTime,
  light: Nullable(SlaLight),
  overStatutory: Type.Boolean({
    description: 'past the statutory limit (a legal breach, not only a missed promise)',
  }),
  pause: Nullable(CasePause),
  extension: Type.Object({
    allowanceDays: Type.Integer(),
    usedDays: Type.Integer(),
    pending: Nullable(
      Type.Object({
        id: Uuid,
        days: Type.Integer(),
        reason: Nullable(Type.String()),
        requestedAt: IsoDateTime,
        requestedByName: Nullable(Type.String()),
      }),
    ),
  }),
});
export type CaseClock = Static<typeof CaseClock>;

/** The clock details of a timeline node (pause, resume, extension, escalation). */
export const TimelineClock = Type.Object({
  pauseKind: Type.Optional(PauseKind),
  plannedUntil: Type.Optional(Nullable(IsoDate)),
  workingDays: Type.Optional(Type.Integer({ description: 'working days the limits moved' })),
  level: Type.Optional(Type.Union([Type.Literal('yellow'), Type.Literal('red')])),
  action: Type.Optional(Type.Union([Type.Literal('notify'), Type.Literal('reassign')])),
  role: Type.Optional(Type.String()),
});
export type TimelineClock = Static<typeof TimelineClock>;
