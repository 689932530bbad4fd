/**
 * A department's red round seal (公章) as SVG, drawn from its name only, so the same name always
 * gives the same bytes: a ring, the name around the top arc (each character upright along the
 * radius, as seals are cut) and a five-pointed star in the middle. It is the visible mark; what
 * proves a document is the signature, never this picture.
 */

export const SEAL_RED = '#d7141a';
const SIZE = 200;
const C = SIZE / 2;
const RING_R = 94;
const RING_W = 5;
const TEXT_R = 68;
/** Arc the name may cover, in degrees, centred on the top. */
const MAX_SPAN = 250;
const STAR_R = 30;

const f = (n: number) => {
  const v = Number(n.toFixed(2));
  return Object.is(v, -0) ? '0' : String(v);
};

function escapeXml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The points of a five-pointed star, one point up. */
export function starPoints(cx: number, cy: number, outer: number): string {
  const inner = outer * 0.382;
  const pts: string[] = [];
  for (let i = 0; i < 10; i++) {
    const r = i % 2 === 0 ? outer : inner;
    const a = (Math.PI / 5) * i;
    pts.push(`${f(cx + r * Math.sin(a))},${f(cy - r * Math.cos(a))}`);
  }
  return pts.join(' ');
}

/** Where each character of the name goes: centre, rotation (degrees, 0 = top) and the font size. */
export function sealGlyphs(
  nameZh: string,
): { ch: string; x: number; y: number; rotate: number; size: number }[] {
  const chars = [...nameZh.trim()];
  const n = chars.length;
  if (n === 0) return [];
  // Each character gets about 24° up to the maximum span; short names stay close together.
  const span = Math.min(MAX_SPAN, Math.max(60, n * 24));
  const step = span / n;
  const size = Math.min(26, ((TEXT_R * step * Math.PI) / 180) * 0.92);
  return chars.map((ch, i) => {
    const deg = -span / 2 + step * (i + 0.5);
    const rad = (deg * Math.PI) / 180;
    return { ch, x: C + TEXT_R * Math.sin(rad), y: C - TEXT_R * Math.cos(rad), rotate: deg, size };
  });
}

export function sealSvg(nameZh: string): string {
  const glyphs = sealGlyphs(nameZh)
    .map(
      (g) =>
        `<text x="${f(g.x)}" y="${f(g.y)}" font-size="${f(g.size)}" transform="rotate(${f(g.rotate)} ${f(g.x)} ${f(g.y)})">${escapeXml(g.ch)}</text>`,
    )
    .join('');
  const title = escapeXml(nameZh.trim());
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${SIZE} ${SIZE}" width="${SIZE}" height="${SIZE}" role="img" aria-label="${title}">` +
    `<title>${title}</title>` +
    `<circle cx="${C}" cy="${C}" r="${RING_R}" fill="none" stroke="${SEAL_RED}" stroke-width="${RING_W}"/>` +
    `<g fill="${SEAL_RED}" font-family="'Noto Serif SC','Noto Serif CJK SC','Songti SC',SimSun,serif" font-weight="700" text-anchor="middle" dominant-baseline="central">${glyphs}</g>` +
    `<polygon fill="${SEAL_RED}" points="${starPoints(C, C + 4, STAR_R)}"/>` +
    `</svg>`
  );
}
