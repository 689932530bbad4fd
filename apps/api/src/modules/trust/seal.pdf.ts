import {
  decodePDFRawStream,
  degrees,
  PDFArray,
  PDFDict,
  PDFDocument,
  type PDFFont,
  PDFHexString,
  PDFName,
  type PDFPage,
  PDFRawStream,
  PDFString,
  rgb,
} from 'pdf-lib';
import QRCode from 'qrcode';
import { cachedFontkit, sealFont } from './seal.font.ts';
import { SEAL_RED, sealSvg } from './trust.seal-svg.ts';

/**
 * The parts every sealed PDF shares (licence certificates, decision notices): the Chinese font
 * (seal.font.ts, subsets: only the glyphs used are embedded), the
 * department's red seal drawn as vector paths, a QR code drawn module by module, the signature
 * embedded as an attachment and in the document information, and reading it back.
 */

export const A4 = { width: 595.28, height: 841.89 } as const;
const hex = (h: string, i: number) => Number.parseInt(h.slice(1 + 2 * i, 3 + 2 * i), 16) / 255;
export const sealRed = rgb(hex(SEAL_RED, 0), hex(SEAL_RED, 1), hex(SEAL_RED, 2));
export const ink = rgb(0.1, 0.1, 0.1);
export const muted = rgb(0.35, 0.35, 0.35);

/** The document information key that carries the signature besides the attachment. */
const signatureInfoKey = 'TongbanSignature';

export interface SealedPdf {
  doc: PDFDocument;
  page: PDFPage;
  regular: PDFFont;
  bold: PDFFont;
}

/**
 * A one-page A4 document with both weights embedded as subsets. Dates are the document's own
 * (not the render time), so the same input gives the same bytes.
 */
export async function newSealedPdf(meta: {
  title: string;
  subject: string;
  keywords: string[];
  at: Date;
}): Promise<SealedPdf> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  doc.registerFontkit(cachedFontkit);
  const regular = await doc.embedFont(sealFont('regular'), { subset: true, customName: 'NotoSerifSC' });
  const bold = await doc.embedFont(sealFont('bold'), { subset: true, customName: 'NotoSerifSC-Bold' });
  doc.setTitle(meta.title, { showInWindowTitleBar: true });
  doc.setSubject(meta.subject);
  doc.setKeywords(meta.keywords);
  doc.setLanguage('zh-CN');
  doc.setProducer('Tongban');
  doc.setCreator('Tongban');
  doc.setCreationDate(meta.at);
  doc.setModificationDate(meta.at);
  const page = doc.addPage([A4.width, A4.height]);
  return { doc, page, regular, bold };
}

const widths = new WeakMap<PDFFont, Map<string, number>>();

/** The advance of one character at size 1 (cached: laying out a CJK font is slow). */
function charWidth(font: PDFFont, ch: string): number {
  let map = widths.get(font);
  if (!map) {
    map = new Map();
    widths.set(font, map);
  }
  let w = map.get(ch);
  if (w === undefined) {
    w = font.widthOfTextAtSize(ch, 1);
    map.set(ch, w);
  }
  return w;
}

/**
 * Splits `text` into lines no wider than `width`: anywhere between Chinese characters, and at the
 * last space for Latin words when there is one on the line.
 */
export function wrapText(text: string, font: PDFFont, size: number, width: number): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line: string[] = [];
    let w = 0;
    for (const ch of Array.from(paragraph)) {
      const cw = charWidth(font, ch) * size;
      if (line.length && w + cw > width) {
        const space = /[A-Za-z0-9]/.test(ch) ? line.lastIndexOf(' ') : -1;
        const carry = space > 0 ? line.splice(space) : [];
        lines.push(line.join('').trimEnd());
        line = carry.join('').trimStart() ? Array.from(carry.join('').trimStart()) : [];
        w = line.reduce((n, c) => n + charWidth(font, c) * size, 0);
      }
      line.push(ch);
      w += cw;
    }
    lines.push(line.join(''));
  }
  return lines;
}

/** Draws `text` centred on `cx` at baseline `y`. */
export function drawCentred(
  page: PDFPage,
  text: string,
  opts: { cx: number; y: number; size: number; font: PDFFont; color?: ReturnType<typeof rgb> },
) {
  const w = Array.from(text).reduce((n, ch) => n + charWidth(opts.font, ch), 0) * opts.size;
  page.drawText(text, {
    x: opts.cx - w / 2,
    y: opts.y,
    size: opts.size,
    font: opts.font,
    color: opts.color ?? ink,
  });
}

const num = (s: string | undefined) => Number(s ?? Number.NaN);
const attr = (tag: string, name: string) => tag.match(new RegExp(`\\s${name}="([^"]*)"`))?.[1];

/**
 * The department's round red seal: `sealSvg(nameZh)` itself (ring, name around the top arc, star)
 * redrawn in vector with the embedded font, centred on (cx, cy), scaled so the ring has `radius`.
 */
export function drawSeal(pdf: SealedPdf, opts: { cx: number; cy: number; radius: number; nameZh: string }) {
  const { page, bold } = pdf;
  const svg = sealSvg(opts.nameZh);
  const circle = svg.match(/<circle[^>]*>/)?.[0] ?? '';
  const [ox, oy, ringR] = [num(attr(circle, 'cx')), num(attr(circle, 'cy')), num(attr(circle, 'r'))];
  const scale = opts.radius / ringR;
  // SVG units (y down) to PDF points around the seal's centre.
  const px = (x: number) => opts.cx + (x - ox) * scale;
  const py = (y: number) => opts.cy - (y - oy) * scale;
  page.drawCircle({
    x: opts.cx,
    y: opts.cy,
    size: opts.radius,
    borderColor: sealRed,
    borderWidth: num(attr(circle, 'stroke-width')) * scale,
    opacity: 0,
  });
  const points = (attr(svg.match(/<polygon[^>]*>/)?.[0] ?? '', 'points') ?? '')
    .split(' ')
    .map((p) => p.split(',').map(Number) as [number, number]);
  // drawSvgPath takes y downwards from its origin.
  const star = points.map(([x, y]) => `${((x - ox) * scale).toFixed(2)} ${((y - oy) * scale).toFixed(2)}`);
  page.drawSvgPath(`M ${star.join(' L ')} Z`, { x: opts.cx, y: opts.cy, color: sealRed, borderWidth: 0 });
  for (const m of svg.matchAll(/<text([^>]*)>([^<]*)<\/text>/g)) {
    const [tag, ch] = [
      m[1] ?? '',
      (m[2] ?? '').replace(/&#(\d+);/g, (_, c) => String.fromCharCode(Number(c))),
    ];
    const size = num(attr(tag, 'font-size')) * scale;
    const rotate = num(attr(tag, 'transform')?.match(/rotate\(([-\d.]+)/)?.[1]);
    const phi = (-rotate * Math.PI) / 180; // SVG turns clockwise, PDF anticlockwise
    const w = charWidth(bold, ch) * size;
    // From the glyph's centre (text-anchor middle, baseline central) to its baseline-left origin.
    const x = px(num(attr(tag, 'x'))) - (w / 2) * Math.cos(phi) + size * 0.35 * Math.sin(phi);
    const y = py(num(attr(tag, 'y'))) - (w / 2) * Math.sin(phi) - size * 0.35 * Math.cos(phi);
    page.drawText(ch, { x, y, size, font: bold, color: sealRed, rotate: degrees(-rotate) });
  }
}

/**
 * A QR code of `text` drawn as filled squares (vector: sharp at any zoom, a few hundred bytes),
 * with its lower-left corner at (x, y) and `size` points wide including the quiet zone.
 * Returns the QR version used.
 */
export function drawQr(page: PDFPage, text: string, opts: { x: number; y: number; size: number }): number {
  const qr = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const n = qr.modules.size;
  const quiet = 4;
  const cell = opts.size / (n + 2 * quiet);
  page.drawRectangle({ x: opts.x, y: opts.y, width: opts.size, height: opts.size, color: rgb(1, 1, 1) });
  for (let row = 0; row < n; row++) {
    // Runs of dark modules in a row become one rectangle: fewer drawing operators.
    let start = -1;
    for (let col = 0; col <= n; col++) {
      const dark = col < n && qr.modules.get(row, col) === 1;
      if (dark && start < 0) start = col;
      if (!dark && start >= 0) {
        page.drawRectangle({
          x: opts.x + (quiet + start) * cell,
          y: opts.y + opts.size - (quiet + row + 1) * cell,
          width: (col - start) * cell,
          height: cell,
          color: rgb(0, 0, 0),
        });
        start = -1;
      }
    }
  }
  return qr.version;
}

/** The QR version `text` needs at the error correction the PDFs use. */
export function qrVersion(text: string): number {
  try {
    return QRCode.create(text, { errorCorrectionLevel: 'M' }).version;
  } catch {
    // More than the largest QR code (version 40) holds: callers fall back to a shorter text.
    return Number.POSITIVE_INFINITY;
  }
}

/**
 * Embeds the signature twice: as the attachment `fileName` (what a verifier extracts) and as the
 * document information key TongbanSignature (so it survives tools that drop attachments).
 */
export async function embedSignature(pdf: SealedPdf, fileName: string, jws: string, at: Date) {
  await pdf.doc.attach(new TextEncoder().encode(jws), fileName, {
    mimeType: fileName.endsWith('.vc.jwt') ? 'application/vc+jwt' : 'application/jose',
    description: 'Digital signature of this document (compact JWS)',
    creationDate: at,
    modificationDate: at,
  });
  infoDict(pdf.doc)?.set(PDFName.of(signatureInfoKey), PDFString.of(jws));
}

export interface EmbeddedSignature {
  /** The attachment's file name (licence.vc.jwt, decision.seal.jws). */
  fileName: string | null;
  jws: string;
}

/** The document information dictionary (title, subject…), when the document has one. */
function infoDict(doc: PDFDocument): PDFDict | undefined {
  const info = doc.context.trailerInfo.Info;
  return info ? doc.context.lookupMaybe(info, PDFDict) : undefined;
}

function text(obj: unknown): string | undefined {
  return obj instanceof PDFString || obj instanceof PDFHexString ? obj.decodeText() : undefined;
}

/**
 * The signature a sealed PDF carries: its attachment, checked against the document information copy.
 * Throws when there is none, or when the two disagree (someone replaced one of them).
 */
export async function readEmbeddedSignature(bytes: Uint8Array): Promise<EmbeddedSignature> {
  const doc = await PDFDocument.load(bytes, { updateMetadata: false });
  const attachments: { name: string; data: string }[] = [];
  const names = doc.catalog.lookupMaybe(PDFName.of('Names'), PDFDict);
  const files = names?.lookupMaybe(PDFName.of('EmbeddedFiles'), PDFDict);
  const list = files?.lookupMaybe(PDFName.of('Names'), PDFArray);
  for (let i = 0; list && i + 1 < list.size(); i += 2) {
    const spec = list.lookup(i + 1, PDFDict);
    const ef = spec.lookupMaybe(PDFName.of('EF'), PDFDict);
    const stream = ef?.lookup(PDFName.of('F'));
    if (!(stream instanceof PDFRawStream)) continue;
    const name = text(spec.lookup(PDFName.of('UF'))) ?? text(spec.lookup(PDFName.of('F'))) ?? '';
    attachments.push({ name, data: new TextDecoder().decode(decodePDFRawStream(stream).decode()) });
  }
  const signature = attachments.find((a) => /\.(jwt|jws)$/.test(a.name));
  const info = text(infoDict(doc)?.lookup(PDFName.of(signatureInfoKey)));
  if (!signature && !info) throw new Error('the PDF carries no embedded signature');
  if (signature && info && signature.data.trim() !== info.trim())
    throw new Error('the embedded signature and the document information disagree');
  return { fileName: signature?.name ?? null, jws: (signature?.data ?? info ?? '').trim() };
}
