import { IntervalJob } from '../../platform/interval-job.ts';
import type { TongbanModule } from '../../platform/module.ts';
import { Sequencer } from '../../platform/sequencer.ts';
import { logRoutes } from './log.routes.ts';
import { auditCheckpointPass, sequenceLog } from './log.service.ts';
import { sealDecisionOnStatusChange } from './seal.decisions.ts';
import { sealRoutes } from './seal.routes.ts';
import { keyCache } from './trust.keys.ts';
import { trustRoutes } from './trust.routes.ts';

export type { SigningAlg } from '../../platform/crypto.ts';
export {
  canonicalJson,
  hashLeaf,
  leafHashOf,
  leafInput,
  rootFromInclusionProof,
  verifyConsistency,
  verifyInclusion,
} from './log.merkle.ts';
export type { LogAppend, LogAppended } from './log.service.ts';
export { appendToLog, auditCheckpointPass, sequenceLog } from './log.service.ts';
// Sealed documents (电子签章) and the sealed PDFs' common parts (seal.*.ts).
export type { DecisionContent } from './seal.decisions.ts';
export {
  A4,
  drawCentred,
  drawQr,
  drawSeal,
  embedSignature,
  ink,
  muted,
  newSealedPdf,
  qrVersion,
  readEmbeddedSignature,
  type SealedPdf,
  sealRed,
  wrapText,
} from './seal.pdf.ts';
export {
  getSealedDocument,
  SEAL_TYP,
  type SealedDocument,
  type SealInput,
  type SealVerification,
  sealDocument,
  verifySealOffline,
} from './seal.service.ts';
export { didDocumentOf, didFor, jwksOf } from './trust.did.ts';
export type { KeyContext, KeyStatus, TrustedKey } from './trust.keys.ts';
export {
  compromiseKey,
  listKeyPage,
  replaceActiveKey,
  signBytesAs,
  signJwsAs,
  trustedKey,
  verifyJwsWithTrust,
} from './trust.keys.ts';
export { trustWellKnownRoutes } from './trust.routes.ts';
export { sealSvg } from './trust.seal-svg.ts';

export const trustModule: TongbanModule = {
  name: 'trust',
  migrationsDir: new URL('./migrations', import.meta.url).pathname,
  async routes(app) {
    await trustRoutes(app);
    await logRoutes(app);
    await sealRoutes(app);
  },
  // Seals a case's decision once it is approved or rejected (seal.decisions.ts).
  subscribe: (ctx) =>
    ctx.outbox.on('application.statusChanged', 'trust.sealDecision', (event, meta) =>
      sealDecisionOnStatusChange(ctx, event, meta.db),
    ),
  // Every process keeps its cache of unsealed keys true (LISTEN tongban_trust_keys).
  async start(ctx) {
    const stops = [await keyCache(ctx).listen(ctx.listen, ctx.db)];
    // Gives committed log leaves their indexes (ADR 0011); the database lets one process at a time.
    const sequencer = new Sequencer('translog', ctx.log, () => sequenceLog(ctx.db, false));
    sequencer.start();
    stops.push(() => sequencer.stop());
    // Anchors the audit chain head in the transparency log (TRANSLOG_AUDIT_CHECKPOINT_EVERY entries).
    const checkpoints = new IntervalJob(
      'translog-audit-checkpoint',
      ctx.log,
      ctx.config.translogCheckpointIntervalMs,
      () => auditCheckpointPass(ctx),
    );
    checkpoints.start();
    stops.push(() => checkpoints.stop());
    return async () => {
      for (const stop of stops.reverse()) await stop();
    };
  },
};
