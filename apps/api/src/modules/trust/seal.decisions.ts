import type { Actor } from '../../platform/auth.ts';
import type { PlatformContext } from '../../platform/context.ts';
import type { Db } from '../../platform/db.ts';
import { AppError } from '../../platform/errors.ts';
import type { ApplicationStatusChanged } from '../applications/index.ts';
import { applicantCaseViews } from '../applications/index.ts';
import { appendAudit } from '../audit/index.ts';
import { getServiceItem } from '../catalogue/index.ts';
import { getDepartment } from '../org/index.ts';
import {
  A4,
  drawCentred,
  drawQr,
  drawSeal,
  embedSignature,
  ink,
  muted,
  newSealedPdf,
  sealRed,
  wrapText,
} from './seal.pdf.ts';
import { getSealedDocument, type SealedDocument, sealDocument } from './seal.service.ts';

/**
 * Sealed decisions (准予/不予行政许可决定书): when a case is approved or rejected its department seals
 * the decision (case number, item, decision, time, department, the reason of a rejection), and the
 * applicant downloads the notice as a PDF carrying that seal. The case is read through the
 * applications module's index, never its tables.
 */

export interface DecisionContent {
  caseId: string;
  caseNumber: string;
  applicantId: string;
  applicantName: string;
  item: { code: string; nameZh: string; nameEn: string };
  decision: 'approved' | 'rejected';
  decidedAt: string;
  department: { id: string; code: string; nameZh: string; nameEn: string };
  reason: string | null;
}

/** Handler of 'application.statusChanged': seals the decision once the case is approved or rejected. */
export async function sealDecisionOnStatusChange(
  ctx: PlatformContext,
  event: ApplicationStatusChanged,
  db: Db,
): Promise<void> {
  if (event.to !== 'approved' && event.to !== 'rejected') return;
  if (await getSealedDocument(db, 'decision', event.caseId)) return;
  const [view] = await applicantCaseViews({ ...ctx, db }, event.applicantId, [event.caseId]);
  if (!view) return; // not a case of this applicant (cannot happen for the applications module's events)
  const item = await getServiceItem(db, view.service.id);
  const dept = item ? await getDepartment(db, item.departmentId) : undefined;
  if (!item || !dept) throw new Error(`case ${event.caseId}: its item's department cannot be found`);
  const rejection = view.timeline.filter((e) => e.outcome === 'reject' && e.note).at(-1);
  const content: DecisionContent = {
    caseId: event.caseId,
    caseNumber: event.caseNumber,
    applicantId: event.applicantId,
    applicantName: view.applicantName ?? '',
    item: { code: item.code, nameZh: item.nameZh, nameEn: item.nameEn },
    decision: event.to,
    decidedAt: view.decidedAt ?? ctx.now().toISOString(),
    department: { id: dept.id, code: dept.code, nameZh: dept.nameZh, nameEn: dept.nameEn },
    reason: event.to === 'rejected' ? (rejection?.note ?? null) : null,
  };
  await sealDocument(ctx, db, {
    owner: dept.id,
    kind: 'decision',
    ref: event.caseId,
    content: content as unknown as Record<string, unknown>,
    dataSubjectId: event.applicantId,
  });
}

/**
 * Who may download a case's decision notice: its applicant, whoever filed it for them (代办), and
 * staff of the deciding department. The case is asked of the applications module.
 */
async function assertMayRead(ctx: PlatformContext, actor: Actor, content: DecisionContent): Promise<void> {
  if (actor.kind === 'staff') {
    if (actor.roles.some((r) => r.departmentId === content.department.id)) return;
    throw new AppError('FORBIDDEN');
  }
  if (actor.accountId === content.applicantId) return;
  const [view] = await applicantCaseViews(ctx, content.applicantId, [content.caseId]);
  if (view?.filedBy?.accountId === actor.accountId) return;
  // Someone else's case: as if it did not exist (no probing of case ids).
  throw new AppError('TRUST_DECISION_NOTICE_NOT_FOUND');
}

/** The sealed decision notice of a case as a PDF, for a reader allowed to see it; audited. */
export async function decisionNoticePdf(
  ctx: PlatformContext,
  actor: Actor,
  caseId: string,
): Promise<{ pdf: Uint8Array; fileName: string }> {
  const sealed = await getSealedDocument(ctx.db, 'decision', caseId);
  if (!sealed) throw new AppError('TRUST_DECISION_NOTICE_NOT_FOUND');
  const content = sealed.content as unknown as DecisionContent;
  await assertMayRead(ctx, actor, content);
  await appendAudit(ctx.db, {
    actorId: actor.accountId,
    actorKind: actor.kind,
    action: 'trust.decisionNotice.read',
    subjectType: 'application',
    subjectId: caseId,
    personalData: true,
    ...(actor.accountId !== content.applicantId ? { dataSubjectId: content.applicantId } : {}),
  });
  const pdf = await renderDecisionNoticePdf(sealed, ctx.config.publicUrl);
  return {
    pdf,
    fileName: `${content.caseNumber}-${content.decision === 'approved' ? '准予' : '不予'}许可决定书.pdf`,
  };
}

function zhDateTime(iso: string): string {
  const d = new Date(new Date(iso).getTime() + 8 * 3600_000).toISOString();
  return `${Number(d.slice(0, 4))}年${Number(d.slice(5, 7))}月${Number(d.slice(8, 10))}日`;
}

/** 准予/不予行政许可决定书: A4, the decision in words, the department's seal, the seal JWS embedded. */
export async function renderDecisionNoticePdf(
  sealed: SealedDocument,
  publicUrl: string,
): Promise<Uint8Array> {
  const c = sealed.content as unknown as DecisionContent;
  const approved = c.decision === 'approved';
  const titleZh = approved ? '准予行政许可决定书' : '不予行政许可决定书';
  const titleEn = approved ? 'Notice of decision: licence granted' : 'Notice of decision: licence refused';
  const at = new Date(sealed.sealedAt);
  const pdf = await newSealedPdf({
    title: `${titleZh} ${c.caseNumber}`,
    subject: `${titleEn} — case ${c.caseNumber}, sealed by ${c.department.nameEn}`,
    keywords: ['decision', c.decision, c.caseNumber, c.item.code],
    at,
  });
  const { page, regular, bold } = pdf;
  const { width, height } = A4;
  const left = 80;
  const right = width - 80;
  const cx = width / 2;

  drawCentred(page, c.department.nameZh, { cx, y: height - 110, size: 16, font: bold, color: sealRed });
  drawCentred(page, titleZh, { cx, y: height - 150, size: 24, font: bold });
  drawCentred(page, titleEn, { cx, y: height - 172, size: 11, font: regular, color: muted });
  drawCentred(page, `文号 Case No. ${c.caseNumber}`, { cx, y: height - 196, size: 11, font: regular });

  let y = height - 250;
  const paragraph = (text: string, size = 12.5, font = regular, color = ink) => {
    for (const line of wrapText(text, font, size, right - left)) {
      page.drawText(line, { x: left, y, size, font, color });
      y -= size * 1.7;
    }
    y -= 6;
  };
  paragraph(`${c.applicantName || '申请人'}：`, 13, bold);
  const when = zhDateTime(c.decidedAt);
  paragraph(
    approved
      ? `你（单位）申请的“${c.item.nameZh}”事项（受理编号 ${c.caseNumber}），经审查，符合法定条件、标准。依据《中华人民共和国行政许可法》第三十八条第一款的规定，本机关决定准予行政许可。`
      : `你（单位）申请的“${c.item.nameZh}”事项（受理编号 ${c.caseNumber}），经审查，不符合法定条件、标准。依据《中华人民共和国行政许可法》第三十八条第二款的规定，本机关决定不予行政许可。`,
  );
  if (!approved) paragraph(`理由：${c.reason ?? '见审查意见。'}`);
  if (!approved)
    paragraph(
      '如不服本决定，可以自收到本决定书之日起六十日内依法申请行政复议，或者在六个月内依法向人民法院提起行政诉讼。',
    );
  paragraph(`决定日期：${when}`);
  y -= 8;
  paragraph(
    approved
      ? `Your application for "${c.item.nameEn}" (case ${c.caseNumber}) meets the statutory conditions; the licence is granted.`
      : `Your application for "${c.item.nameEn}" (case ${c.caseNumber}) does not meet the statutory conditions; the licence is refused.${c.reason ? ` Reason: ${c.reason}` : ''} You may apply for administrative reconsideration within 60 days or bring an action in court within 6 months.`,
    10,
    regular,
    muted,
  );

  const sealCx = right - 80;
  const sealCy = 250;
  drawCentred(page, c.department.nameZh, { cx: sealCx, y: sealCy + 8, size: 13, font: bold });
  drawCentred(page, when, { cx: sealCx, y: sealCy - 14, size: 12, font: regular });
  drawSeal(pdf, { cx: sealCx, cy: sealCy, radius: 62, nameZh: c.department.nameZh });

  const url = `${publicUrl.replace(/\/+$/, '')}/verify`;
  drawQr(page, url, { x: left - 6, y: 190, size: 96 });
  page.drawText('验证页 Verify page', { x: left, y: 176, size: 8.5, font: regular, color: muted });

  const footer = [
    `本决定书由${c.department.nameZh}电子签章（${sealed.alg}，密钥 ${sealed.kid}），签章内嵌于本文件（decision.seal.jws），可用 npm run licence:verify-pdf 离线验证。`,
    `Sealed electronically by ${c.department.nameEn} (${sealed.alg}, key ${sealed.kid}); the seal is embedded in this file (decision.seal.jws). Content digest ${sealed.digestAlg}: ${sealed.digest}`,
  ];
  let footY = 110;
  for (const line of footer.flatMap((l) => wrapText(l, regular, 7.5, right - left))) {
    page.drawText(line, { x: left, y: footY, size: 7.5, font: regular, color: muted });
    footY -= 10;
  }
  await embedSignature(pdf, 'decision.seal.jws', sealed.jws, at);
  return pdf.doc.save();
}
