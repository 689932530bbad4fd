import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import fontkit from '@pdf-lib/fontkit';
import type { PDFDocument } from 'pdf-lib';

/**
 * The Chinese font of sealed PDFs: Noto Serif SC (SIL OFL 1.1) from the npm package
 * @expo-google-fonts/noto-serif-sc, a TrueType file per weight (fontkit subsets TrueType outlines;
 * only the glyphs a document uses are embedded, a few KB).
 *
 * Google's build stores glyphs unpadded (odd lengths), which fontkit's subsetter mishandles: it
 * writes the short `loca` format (offsets halved) whenever the subset is small, so every glyph after
 * an odd-length one is cut wrongly and viewers draw nothing. `padGlyphs` rewrites the font once at
 * load with every glyph padded to 4 bytes (as the TrueType spec recommends), which keeps all offsets
 * even.
 */

const require = createRequire(import.meta.url);
const files = {
  regular: '@expo-google-fonts/noto-serif-sc/400Regular/NotoSerifSC_400Regular.ttf',
  bold: '@expo-google-fonts/noto-serif-sc/700Bold/NotoSerifSC_700Bold.ttf',
} as const;
export type FontWeight = keyof typeof files;

const cache = new Map<FontWeight, Uint8Array>();
const parsed = new WeakMap<Uint8Array, ReturnType<typeof fontkit.create>>();

/**
 * fontkit for pdf-lib that parses each of these fonts once per process: parsing a 15 MB font takes
 * longer than drawing the page, and pdf-lib would do it on every document. A parsed font is read-only
 * to the embedder (each document makes its own subset).
 */
export const cachedFontkit: Parameters<PDFDocument['registerFontkit']>[0] = {
  create(buffer, postscriptName) {
    if (postscriptName !== undefined) return fontkit.create(buffer, postscriptName);
    let font = parsed.get(buffer);
    if (!font) {
      font = fontkit.create(buffer);
      parsed.set(buffer, font);
    }
    return font;
  },
};

/** The font's bytes, read and padded once per process. */
export function sealFont(weight: FontWeight): Uint8Array {
  let bytes = cache.get(weight);
  if (!bytes) {
    bytes = padGlyphs(readFileSync(require.resolve(files[weight])));
    cache.set(weight, bytes);
  }
  return bytes;
}

const pad4 = (n: number) => (n + 3) & ~3;

function checksum(buf: Buffer): number {
  let sum = 0;
  const padded = buf.length % 4 ? Buffer.concat([buf, Buffer.alloc(4 - (buf.length % 4))]) : buf;
  for (let i = 0; i < padded.length; i += 4) sum = (sum + padded.readUInt32BE(i)) >>> 0;
  return sum;
}

/** The TrueType font with every glyph padded to 4 bytes and a long-format `loca`; other tables as they are. */
export function padGlyphs(font: Buffer): Buffer {
  const numTables = font.readUInt16BE(4);
  const tables = new Map<string, Buffer>();
  const order: string[] = [];
  for (let i = 0; i < numTables; i++) {
    const rec = 12 + i * 16;
    const tag = font.toString('latin1', rec, rec + 4);
    const offset = font.readUInt32BE(rec + 8);
    const length = font.readUInt32BE(rec + 12);
    tables.set(tag, Buffer.from(font.subarray(offset, offset + length)));
    order.push(tag);
  }
  const head = tables.get('head');
  const loca = tables.get('loca');
  const glyf = tables.get('glyf');
  const maxp = tables.get('maxp');
  if (!head || !loca || !glyf || !maxp) return font; // not TrueType outlines: nothing to fix
  const numGlyphs = maxp.readUInt16BE(4);
  const long = head.readInt16BE(50) === 1;
  const at = (i: number) => (long ? loca.readUInt32BE(i * 4) : loca.readUInt16BE(i * 2) * 2);
  const glyphs: Buffer[] = [];
  const newLoca = Buffer.alloc((numGlyphs + 1) * 4);
  let offset = 0;
  for (let i = 0; i < numGlyphs; i++) {
    const data = glyf.subarray(at(i), at(i + 1));
    const size = pad4(data.length);
    glyphs.push(data, Buffer.alloc(size - data.length));
    newLoca.writeUInt32BE(offset, i * 4);
    offset += size;
  }
  newLoca.writeUInt32BE(offset, numGlyphs * 4);
  head.writeInt16BE(1, 50);
  head.writeUInt32BE(0, 8); // checkSumAdjustment: recomputed below
  tables.set('glyf', Buffer.concat(glyphs));
  tables.set('loca', newLoca);

  const headerSize = 12 + numTables * 16;
  const out = Buffer.alloc(headerSize + order.reduce((n, tag) => n + pad4(tables.get(tag)!.length), 0));
  font.copy(out, 0, 0, 12);
  let pos = headerSize;
  order.forEach((tag, i) => {
    const data = tables.get(tag)!;
    const rec = 12 + i * 16;
    out.write(tag, rec, 'latin1');
    out.writeUInt32BE(checksum(data), rec + 4);
    out.writeUInt32BE(pos, rec + 8);
    out.writeUInt32BE(data.length, rec + 12);
    data.copy(out, pos);
    pos += pad4(data.length);
  });
  const headPos = out.readUInt32BE(12 + order.indexOf('head') * 16 + 8);
  out.writeUInt32BE((0xb1b0afba - checksum(out)) >>> 0, headPos + 8);
  return out;
}
