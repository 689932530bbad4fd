// Request and response schemas of the workflow module (TypeBox), shared by the API and the web.
import { type Static, Type } from 'typebox';
import { IsoDate, IsoDateTime, Page, Uuid } from './common.ts';

/** SLA light of a task or case: yellow in the last 20% of the allowed span, red when overdue. */
export const SlaLight = Type.Union([Type.Literal('green'), Type.Literal('yellow'), Type.Literal('red')]);
export type SlaLight = Static<typeof SlaLight>;

export const TaskStatus = Type.Union([
  Type.Literal('open'),
  Type.Literal('claimed'),
  Type.Literal('completed'),
  Type.Literal('returned'),
  Type.Literal('cancelled'),
]);
export type TaskStatus = Static<typeof TaskStatus>;

export const TaskOutcome = Type.Union([
  Type.Literal('approve'),
  Type.Literal('reject'),
  Type.Literal('return'),
]);
export type TaskOutcome = Static<typeof TaskOutcome>;

export const TaskListQuery = Type.Object(
  {
    view: Type.Optional(
      Type.Union([Type.Literal('inbox'), Type.Literal('mine'), Type.Literal('done')], {
        default: 'inbox',
        description:
          'inbox: open tasks of my department roles and those I claimed; mine: claimed by me; done: completed by me',
      }),
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
  stage: Type.Union([Type.Literal('acceptance'), Type.Null()]),
  departmentId: Uuid,
  departmentCode: Type.String(),
  role: Type.String(),
  status: TaskStatus,
  assigneeName: Type.Union([Type.String(), Type.Null()]),
  createdAt: IsoDateTime,
  dueAt: IsoDateTime,
  light: Type.Union([SlaLight, Type.Null()]),
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
