import {
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
  sealRed,
  wrapText,
} from '../trust/index.ts';
import {
  type OfflineTrust,
  problem,
  type Verification,
  verifyCredentialOffline,
} from './licences.credential.ts';

/**
 * The human-readable licence certificate (A4, one page): the licence's title, number, holder, fields,
 * issuer with the department's red seal, validity, a QR code that opens the public verify page, and
 * the licence's vc+jwt embedded (attachment `licence.vc.jwt` and document information), so the PDF
 * verifies offline with `npm run licence:verify-pdf`.
 */
export interface LicencePdfInput {
  number: string;
  type: { code: string; nameZh: string; nameEn: string };
  /** The holder as printed: a person's or an enterprise's name, and an identifier as it may be shown. */
  holder: { name: string; identifier?: string | null };
  fields: { labelZh: string; labelEn: string; value: string }[];
  issuer: { nameZh: string; nameEn: string };
  issuedAt: string;
  validFrom: string;
  /** null: valid without a time limit (长期). */
  validUntil: string | null;
  /** The licence's vc+jwt (compact JWS), embedded as it is. */
  jws: string;
  /** The platform's public address (config.publicUrl), for the QR code. */
  publicUrl: string;
}

/**
 * The largest QR version printed on a certificate: version 20 is 97×97 modules, 0.4 mm each at the
 * 45 mm it is printed, which phone cameras read. A vc+jwt that needs more is not put in the QR; the
 * QR then names the licence by number and the verify page asks the API (the PDF still carries it all).
 */
export const maxQrVersion = 20;

/** What the certificate's QR code opens: the credential itself if it fits, else the licence number. */
export function licenceVerifyUrl(input: Pick<LicencePdfInput, 'publicUrl' | 'jws' | 'number'>): string {
  const base = input.publicUrl.replace(/\/+$/, '');
  const full = `${base}/verify#vc=${input.jws}`;
  return qrVersion(full) <= maxQrVersion
    ? full
    : `${base}/verify?licence=${encodeURIComponent(input.number)}`;
}

/** 2026-11-23 from an ISO time or date (the certificate prints dates, in China's time zone). */
export function printedDate(iso: string): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(iso)) return iso;
  return new Date(new Date(iso).getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}

function zhDate(iso: string): string {
  const [y, m, d] = printedDate(iso).split('-');
  return `${y}年${Number(m)}月${Number(d)}日`;
}

function jwsHeader(jws: string): { kid?: string; alg?: string } {
  try {
    return JSON.parse(Buffer.from(jws.split('.')[0] ?? '', 'base64url').toString('utf8'));
  } catch {
    return {};
  }
}

export async function renderLicencePdf(input: LicencePdfInput): Promise<Uint8Array> {
  const at = new Date(input.issuedAt);
  const pdf = await newSealedPdf({
    title: `${input.type.nameZh} ${input.number}`,
    subject: `${input.type.nameEn} ${input.number} — electronic licence, signed (vc+jwt)`,
    keywords: ['licence', 'vc+jwt', input.type.code, input.number],
    at,
  });
  const { page, regular, bold } = pdf;
  const { width, height } = A4;
  const left = 72;
  const right = width - 72;
  const cx = width / 2;

  // Frame: a double border in the seal's red.
  page.drawRectangle({
    x: 28,
    y: 28,
    width: width - 56,
    height: height - 56,
    borderColor: sealRed,
    borderWidth: 2.5,
  });
  page.drawRectangle({
    x: 36,
    y: 36,
    width: width - 72,
    height: height - 72,
    borderColor: sealRed,
    borderWidth: 0.8,
  });

  // Title, spaced as certificates are (营 业 执 照), the English name small beneath.
  const spaced = Array.from(input.type.nameZh).join(Array.from(input.type.nameZh).length <= 5 ? ' ' : '');
  drawCentred(page, spaced, { cx, y: height - 130, size: 34, font: bold });
  drawCentred(page, input.type.nameEn, { cx, y: height - 156, size: 12, font: regular, color: muted });
  const numberLine = `证照编号 No. ${input.number}`;
  drawCentred(page, numberLine, { cx, y: height - 186, size: 11, font: regular });

  // Label/value rows: the Chinese label, the English one small beneath, the value wrapped beside.
  const valueX = left + 150;
  let y = height - 240;
  const row = (labelZh: string, labelEn: string, value: string) => {
    page.drawText(labelZh, { x: left, y, size: 12, font: bold, color: ink });
    page.drawText(labelEn, { x: left, y: y - 12, size: 7.5, font: regular, color: muted });
    const lines = wrapText(value || '—', regular, 12, right - valueX);
    lines.forEach((line, i) => {
      page.drawText(line, { x: valueX, y: y - i * 17, size: 12, font: regular, color: ink });
    });
    y -= Math.max(32, lines.length * 17 + 15);
  };
  row('持 证 人', 'Holder', input.holder.name);
  if (input.holder.identifier) row('证件号码', 'Identifier', input.holder.identifier);
  for (const f of input.fields) row(f.labelZh, f.labelEn, f.value);
  const validity = input.validUntil
    ? `${zhDate(input.validFrom)} 至 ${zhDate(input.validUntil)}（${printedDate(input.validFrom)} – ${printedDate(input.validUntil)}）`
    : `${zhDate(input.validFrom)} 起长期有效（from ${printedDate(input.validFrom)}, no expiry）`;
  row('有 效 期', 'Valid', validity);
  row('发证机关', 'Issued by', `${input.issuer.nameZh}（${input.issuer.nameEn}）`);

  // Issuer block bottom right, the seal stamped over it as on paper.
  const sealCx = right - 85;
  const sealCy = 215;
  drawCentred(page, input.issuer.nameZh, { cx: sealCx, y: sealCy + 8, size: 13, font: bold });
  drawCentred(page, zhDate(input.issuedAt), { cx: sealCx, y: sealCy - 14, size: 12, font: regular });
  drawSeal(pdf, { cx: sealCx, cy: sealCy, radius: 62, nameZh: input.issuer.nameZh });

  // QR bottom left: the public verify page, no sign-in needed.
  const url = licenceVerifyUrl(input);
  const qrSize = 128; // 45 mm
  drawQr(page, url, { x: left - 6, y: 150, size: qrSize });
  page.drawText('扫码验证  Scan to verify', { x: left, y: 136, size: 9, font: regular, color: muted });

  // Footer: what the document carries and how to check it.
  const { kid, alg } = jwsHeader(input.jws);
  const footer = [
    '本证照为电子证照，由发证机关以数字签名签发，签名内嵌于本文件（licence.vc.jwt），可在线或离线验证。',
    'Electronic licence signed by the issuer; the signature is embedded in this file (licence.vc.jwt) and verifies online or offline.',
    `签名 Signature: ${alg ?? '?'} · key ${kid ?? '?'}`,
  ];
  let footY = 100;
  for (const part of footer.flatMap((line) => wrapText(line, regular, 7.5, right - left))) {
    page.drawText(part, { x: left, y: footY, size: 7.5, font: regular, color: muted });
    footY -= 10;
  }

  await embedSignature(pdf, 'licence.vc.jwt', input.jws, at);
  return pdf.doc.save();
}

/**
 * Verifies a licence PDF offline: extracts the embedded vc+jwt (attachment and document information
 * must agree) and verifies it as `verifyCredentialOffline` does, from the issuers' keys and, when
 * given, their status lists (without them revocation cannot be ruled out and the status check fails).
 */
export async function verifyLicencePdf(
  bytes: Uint8Array,
  trust: { jwks: OfflineTrust['keys']; statusLists?: Record<string, string>; now?: Date },
): Promise<Verification & { jws: string | null }> {
  let jws: string;
  try {
    jws = (await readEmbeddedSignature(bytes)).jws;
  } catch (err) {
    return {
      verified: false,
      checks: [{ check: 'format', passed: false, detail: (err as Error).message }],
      warnings: [],
      errors: [problem('LICENCE_VERIFY_MALFORMED')],
      credential: null,
      jws: null,
    };
  }
  const offline: OfflineTrust = { keys: trust.jwks, statusLists: trust.statusLists ?? {}, now: trust.now };
  const { payload: _, ...result } = verifyCredentialOffline(jws, offline);
  return { ...result, jws };
}
