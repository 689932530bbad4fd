import { createHash } from 'node:crypto';
import type { DefinitionDetail, DefinitionSummary } from '@tongban/contracts';
import { v7 as uuidv7 } from 'uuid';
import { type Db, inTransaction } from '../../platform/db.ts';
import { AppError } from '../../platform/errors.ts';
import { appendAudit } from '../audit/index.ts';
import { importBpmn, type ProcessGraph } from './bpmn.ts';
import { assertDecisionTablesExist, hasRules } from './business-rule.ts';
import * as repo from './workflow.repository.ts';

/**
 * Definitions are immutable once deployed (a new XML makes a new version), so their parsed
 * graphs are cached by id: the engine never re-reads or re-parses a definition per step.
 */
const graphs = new Map<string, ProcessGraph>();

export async function graphOf(db: Db, definitionId: string): Promise<ProcessGraph> {
  let graph = graphs.get(definitionId);
  if (!graph) {
    graph = await repo.definitionGraph(db, definitionId);
    if (!graph) throw new AppError('WORKFLOW_DEFINITION_NOT_FOUND');
    graphs.set(definitionId, graph);
  }
  return graph;
}

export interface DeployInput {
  key: string;
  name: string;
  bpmnXml: string;
}

/** Deploys a BPMN process as the next version of `key`; the same XML again returns the existing version. */
export async function deployDefinition(
  db: Db,
  input: DeployInput,
  deployedBy: { accountId: string; kind: 'staff' } | null = null,
): Promise<{ id: string; key: string; version: number; created: boolean }> {
  const graph = await importBpmn(input.bpmnXml);
  await assertDecisionTablesExist(db, graph);
  const sha256 = createHash('sha256').update(input.bpmnXml).digest('hex');
  return inTransaction(db, async (tx) => {
    await repo.lockDefinitionKey(tx, input.key);
    const same = await repo.findDefinitionByXml(tx, input.key, sha256);
    if (same) return { ...same, created: false };
    const version = (await repo.latestVersionNumber(tx, input.key)) + 1;
    const id = uuidv7();
    await repo.insertDefinition(tx, {
      id,
      key: input.key,
      version,
      name: input.name,
      bpmn_xml: input.bpmnXml,
      xml_sha256: sha256,
      graph,
      deployed_by: deployedBy?.accountId ?? null,
    });
    await appendAudit(tx, {
      actorId: deployedBy?.accountId ?? null,
      actorKind: deployedBy ? 'staff' : 'system',
      action: 'workflow.deploy',
      subjectType: 'workflow_definition',
      subjectId: id,
      details: { key: input.key, version, sha256 },
    });
    return { id, key: input.key, version, created: true };
  });
}

function summary(r: {
  id: string;
  key: string;
  version: number;
  name: string;
  deployed_at: Date;
}): DefinitionSummary {
  return { id: r.id, key: r.key, version: r.version, name: r.name, deployedAt: r.deployed_at.toISOString() };
}

export async function listDefinitions(db: Db): Promise<DefinitionSummary[]> {
  return (await repo.listDefinitions(db)).map(summary);
}

/** The latest version of a process with its steps (the service guide shows them). */
export async function latestDefinitionDetail(db: Db, key: string): Promise<DefinitionDetail> {
  const row = await repo.latestDefinition(db, key);
  if (!row) throw new AppError('WORKFLOW_DEFINITION_NOT_FOUND');
  return {
    ...summary(row),
    totalDays: row.graph.totalDays,
    steps: row.graph.steps,
    instant: hasRules(row.graph) && row.graph.routes.some((r) => r.length === 0),
  };
}
