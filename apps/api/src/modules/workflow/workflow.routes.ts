import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import {
  CalendarDay,
  CalendarDayParams,
  CalendarImportBody,
  CalendarImportResult,
  CalendarParams,
  CalendarQuery,
  CalendarYear,
  CaseClock,
  CompleteTaskBody,
  DefinitionDetail,
  DefinitionKeyParams,
  DefinitionList,
  DeployDefinitionBody,
  DeployDefinitionResult,
  Extension,
  ExtensionBody,
  ExtensionDecisionBody,
  ExtensionIdParams,
  ExtensionPage,
  ExtensionQuery,
  PauseBody,
  PutCalendarDayBody,
  TaskDetail,
  TaskIdParams,
  TaskListQuery,
  TaskPage,
} from '@tongban/contracts';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { requireActor, requireRole } from '../../platform/auth.ts';
import { AppError } from '../../platform/errors.ts';
import { calendarYear, deleteCalendarDay, importCalendar, setCalendarDay } from './calendar.service.ts';
import { chinaDate } from './calendar.ts';
import {
  decideExtension,
  listExtensions,
  pauseClock,
  requestExtension,
  resumeClock,
} from './clock.service.ts';
import { deployDefinition, latestDefinitionDetail, listDefinitions } from './definitions.service.ts';
import { claimTask, completeTask, getTask, listTasks } from './tasks.service.ts';
import { mayManageCalendar } from './workflow.policy.ts';

/** Officer task endpoints, process definitions and the holiday calendar. */
export async function workflowRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const ctx = app.platform;
  const { db } = ctx;

  app.get(
    '/tasks',
    {
      schema: {
        tags: ['workflow'],
        summary: "An officer's tasks: inbox (open tasks of my department roles + my claimed), mine, or done",
        querystring: TaskListQuery,
        response: { 200: TaskPage },
      },
    },
    async (req) => listTasks(db, requireActor(req, 'staff'), req.query, ctx.now()),
  );

  app.get(
    '/tasks/:id',
    {
      schema: {
        tags: ['workflow'],
        summary: 'One task (officers holding its role, or who worked on it)',
        params: TaskIdParams,
        response: { 200: TaskDetail },
      },
    },
    async (req) => getTask(db, requireActor(req, 'staff'), req.params.id, ctx.now()),
  );

  app.post(
    '/tasks/:id/claim',
    {
      schema: {
        tags: ['workflow'],
        summary: 'Claim an open task (officers holding its role in its department)',
        params: TaskIdParams,
        response: { 200: TaskDetail },
      },
    },
    async (req) => claimTask(db, requireActor(req, 'staff'), req.params.id, ctx.now()),
  );

  app.post(
    '/tasks/:id/complete',
    {
      schema: {
        tags: ['workflow'],
        summary: 'Approve, reject or return a task with a note (required for reject and return)',
        params: TaskIdParams,
        body: CompleteTaskBody,
        response: { 200: TaskDetail },
      },
    },
    async (req) => completeTask(db, requireActor(req, 'staff'), req.params.id, req.body, ctx.now()),
  );

  app.post(
    '/tasks/:id/pause',
    {
      schema: {
        tags: ['workflow'],
        summary:
          'Stop the case clock for a statutory period (public notice, expert review, hearing, on-site inspection); ' +
          'the officer holding the step; no decision on the case until it is resumed',
        params: TaskIdParams,
        body: PauseBody,
        response: { 200: CaseClock },
      },
    },
    async (req) => pauseClock(db, requireActor(req, 'staff'), req.params.id, req.body, ctx.now()),
  );

  app.post(
    '/tasks/:id/resume',
    {
      schema: {
        tags: ['workflow'],
        summary:
          "Restart a case clock stopped for a statutory period; every limit moves by the working days it was stopped (officers holding the step's role)",
        params: TaskIdParams,
        response: { 200: CaseClock },
      },
    },
    async (req) => resumeClock(db, requireActor(req, 'staff'), req.params.id, ctx.now()),
  );

  app.post(
    '/tasks/:id/extensions',
    {
      schema: {
        tags: ['workflow'],
        summary:
          "Ask the owning department's head to extend the case's limits by some working days, with a reason (the officer holding the step)",
        params: TaskIdParams,
        body: ExtensionBody,
        response: { 201: Extension },
      },
    },
    async (req, reply) =>
      reply
        .code(201)
        .send(await requestExtension(db, requireActor(req, 'staff'), req.params.id, req.body, ctx.now())),
  );

  app.get(
    '/workflow/extensions',
    {
      schema: {
        tags: ['workflow'],
        summary: 'Extension requests of the departments I head (dept_head), pending by default, oldest first',
        querystring: ExtensionQuery,
        response: { 200: ExtensionPage },
      },
    },
    async (req) => listExtensions(db, requireRole(req, 'dept_head'), req.query),
  );

  app.post(
    '/workflow/extensions/:id/approve',
    {
      schema: {
        tags: ['workflow'],
        summary:
          "Approve an extension: the case's limits move that many working days later (dept_head of the owning department)",
        params: ExtensionIdParams,
        body: ExtensionDecisionBody,
        response: { 200: Extension },
      },
    },
    async (req) =>
      decideExtension(
        db,
        requireRole(req, 'dept_head'),
        req.params.id,
        { approve: true, ...req.body },
        ctx.now(),
      ),
  );

  app.post(
    '/workflow/extensions/:id/refuse',
    {
      schema: {
        tags: ['workflow'],
        summary: 'Refuse an extension, with a note (dept_head of the owning department)',
        params: ExtensionIdParams,
        body: ExtensionDecisionBody,
        response: { 200: Extension },
      },
    },
    async (req) =>
      decideExtension(
        db,
        requireRole(req, 'dept_head'),
        req.params.id,
        { approve: false, ...req.body },
        ctx.now(),
      ),
  );

  app.get(
    '/workflow/definitions',
    {
      schema: {
        tags: ['workflow'],
        summary: 'Every deployed process definition version (staff)',
        response: { 200: DefinitionList },
      },
    },
    async (req) => {
      requireActor(req, 'staff');
      return { items: await listDefinitions(db) };
    },
  );

  app.post(
    '/workflow/definitions',
    {
      schema: {
        tags: ['workflow'],
        summary:
          'Deploy BPMN 2.0 XML as the next version of a process (dept_admin); the same XML is not a new version',
        body: DeployDefinitionBody,
        response: { 200: DeployDefinitionResult, 201: DeployDefinitionResult },
      },
    },
    async (req, reply) => {
      const actor = requireRole(req, 'dept_admin');
      const result = await deployDefinition(db, req.body, { accountId: actor.accountId, kind: 'staff' });
      return reply.code(result.created ? 201 : 200).send(result);
    },
  );

  app.get(
    '/workflow/definitions/:key',
    {
      schema: {
        tags: ['workflow'],
        summary: 'The latest version of a process with its steps (public: the service guide shows them)',
        params: DefinitionKeyParams,
        response: { 200: DefinitionDetail },
      },
    },
    async (req) => latestDefinitionDetail(db, req.params.key),
  );

  app.get(
    '/calendar/:regionCode',
    {
      schema: {
        tags: ['workflow'],
        summary: "A region's holidays and make-up working days for a year (public)",
        params: CalendarParams,
        querystring: CalendarQuery,
        response: { 200: CalendarYear },
      },
    },
    async (req) =>
      calendarYear(db, req.params.regionCode, req.query.year ?? Number(chinaDate(ctx.now()).slice(0, 4))),
  );

  app.put(
    '/calendar/:regionCode/days/:date',
    {
      schema: {
        tags: ['workflow'],
        summary: 'Mark a date as a holiday or a make-up working day (dept_admin of the region)',
        params: CalendarDayParams,
        body: PutCalendarDayBody,
        response: { 200: CalendarDay },
      },
    },
    async (req) => {
      const actor = requireRole(req, 'dept_admin');
      if (!mayManageCalendar(actor, req.params.regionCode)) throw new AppError('FORBIDDEN');
      return setCalendarDay(db, actor, { ...req.params, ...req.body });
    },
  );

  app.post(
    '/calendar/:regionCode/import',
    {
      schema: {
        tags: ['workflow'],
        summary:
          'Import holidays (休/假, CATEGORIES holiday) and make-up working days (班, CATEGORIES workday) from an ' +
          'iCalendar feed; all or nothing (dept_admin of the region)',
        params: CalendarParams,
        body: CalendarImportBody,
        response: { 200: CalendarImportResult },
      },
    },
    async (req) => {
      const actor = requireRole(req, 'dept_admin');
      if (!mayManageCalendar(actor, req.params.regionCode)) throw new AppError('FORBIDDEN');
      return importCalendar(db, actor, req.params.regionCode, req.body.ics);
    },
  );

  app.delete(
    '/calendar/:regionCode/days/:date',
    {
      schema: {
        tags: ['workflow'],
        summary:
          'Remove a calendar entry: the date falls back to the weekday rule (dept_admin of the region)',
        params: CalendarDayParams,
        response: { 204: Type.Null() },
      },
    },
    async (req, reply) => {
      const actor = requireRole(req, 'dept_admin');
      if (!mayManageCalendar(actor, req.params.regionCode)) throw new AppError('FORBIDDEN');
      await deleteCalendarDay(db, actor, req.params.regionCode, req.params.date);
      return reply.code(204).send(null);
    },
  );
}
