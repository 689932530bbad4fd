import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import {
  DecisionEvaluation,
  DecisionEvaluationPage,
  DecisionEvaluationParams,
  DecisionEvaluationQuery,
  DecisionKeyParams,
  DecisionTableDetail,
  DecisionTablePage,
  DecisionTableQuery,
  DecisionTestRun,
  DecisionVersionDetail,
  DecisionVersionParams,
  EvaluateDecisionBody,
  ImportDmnBody,
  ImportDmnResult,
  SaveDecisionTableBody,
  SavedDecisionVersion,
} from '@tongban/contracts';
import type { FastifyInstance } from 'fastify';
import { requireActor, requireRole } from '../../platform/auth.ts';
import { AppError } from '../../platform/errors.ts';
import { requestLocale } from '../../platform/http-errors.ts';
import {
  evaluateDecision,
  evaluationFor,
  explainEvaluation,
  importDmnAs,
  listEvaluations,
  listTables,
  saveTableAs,
  tableDetail,
  versionDetail,
} from './decisions.service.ts';

/** Administration of decision tables (dept_admin of the owner; any staff may view and test-run). */
export async function decisionsRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const ctx = app.platform;
  const { db } = ctx;
  const tags = ['decisions'];

  app.get(
    '/admin/decisions',
    {
      schema: {
        tags,
        summary: 'Decision tables with their latest version (staff)',
        querystring: DecisionTableQuery,
        response: { 200: DecisionTablePage },
      },
    },
    async (req) => listTables(db, requireActor(req, 'staff'), req.query),
  );

  app.post(
    '/admin/decisions',
    {
      schema: {
        tags,
        summary:
          'Save a table (JSON) as the next version of its key, creating it if new (dept_admin of the owner); 200 when unchanged',
        body: SaveDecisionTableBody,
        response: { 200: SavedDecisionVersion, 201: SavedDecisionVersion },
      },
    },
    async (req, reply) => {
      const saved = await saveTableAs(db, requireRole(req, 'dept_admin'), req.body);
      return reply.code(saved.created ? 201 : 200).send(saved);
    },
  );

  app.post(
    '/admin/decisions/import',
    {
      schema: {
        tags,
        summary:
          'Import every decision table of a DMN 1.3 file, each as the next version of its decision id (dept_admin)',
        body: ImportDmnBody,
        response: { 200: ImportDmnResult, 201: ImportDmnResult },
      },
    },
    async (req, reply) => {
      const items = await importDmnAs(db, requireRole(req, 'dept_admin'), req.body);
      return reply.code(items.some((i) => i.created) ? 201 : 200).send({ items });
    },
  );

  app.get(
    '/admin/decisions/:key',
    {
      schema: {
        tags,
        summary: 'A decision table and its versions, newest first (staff)',
        params: DecisionKeyParams,
        response: { 200: DecisionTableDetail },
      },
    },
    async (req) => tableDetail(db, requireActor(req, 'staff'), req.params.key),
  );

  app.put(
    '/admin/decisions/:key',
    {
      schema: {
        tags,
        summary: 'Save the next version of an existing table (dept_admin of the owner); 200 when unchanged',
        params: DecisionKeyParams,
        body: SaveDecisionTableBody,
        response: { 200: SavedDecisionVersion, 201: SavedDecisionVersion },
      },
    },
    async (req, reply) => {
      const actor = requireRole(req, 'dept_admin');
      if (req.body.table.key !== req.params.key) {
        throw new AppError('DECISION_KEY_MISMATCH', [{ pointer: '/table/key' }], { key: req.params.key });
      }
      const saved = await saveTableAs(db, actor, req.body, { existing: true });
      return reply.code(saved.created ? 201 : 200).send(saved);
    },
  );

  app.get(
    '/admin/decisions/:key/versions/:version',
    {
      schema: {
        tags,
        summary: 'One version of a decision table as JSON (staff)',
        params: DecisionVersionParams,
        response: { 200: DecisionVersionDetail },
      },
    },
    async (req) => versionDetail(db, requireActor(req, 'staff'), req.params.key, req.params.version),
  );

  app.post(
    '/admin/decisions/:key/evaluate',
    {
      schema: {
        tags,
        summary:
          'Test-run a version (default the latest) over a context: outputs, matched rules, the trace and its explanation (staff; nothing stored)',
        params: DecisionKeyParams,
        body: EvaluateDecisionBody,
        response: { 200: DecisionTestRun },
      },
    },
    async (req) => {
      requireActor(req, 'staff');
      const result = await evaluateDecision(db, req.params.key, req.body.context, {
        ...(req.body.version !== undefined ? { version: req.body.version } : {}),
        now: ctx.now(),
      });
      return { ...result, explanation: explainEvaluation(result, requestLocale(req)) };
    },
  );

  app.get(
    '/admin/decision-evaluations',
    {
      schema: {
        tags,
        summary:
          "A subject's stored evaluations with their traces and explanations (staff of the table's owner department, auditors)",
        querystring: DecisionEvaluationQuery,
        response: { 200: DecisionEvaluationPage },
      },
    },
    async (req) => listEvaluations(db, requireActor(req, 'staff'), req.query, requestLocale(req)),
  );

  app.get(
    '/admin/decision-evaluations/:id',
    {
      schema: {
        tags,
        summary: "One stored evaluation (staff of the table's owner department, auditors)",
        params: DecisionEvaluationParams,
        response: { 200: DecisionEvaluation },
      },
    },
    async (req) => evaluationFor(db, requireActor(req, 'staff'), req.params.id, requestLocale(req)),
  );
}
