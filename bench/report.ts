export interface Line {
  measure: string;
  perSecond: number;
  /** What the measure is compared with, and that limit's rate. */
  limitName?: string;
  limit?: number;
  /** The ratio the issue asks for, when there is one. */
  target?: number;
}

const fmt = (n: number) => (n >= 100 ? n.toFixed(0) : n.toFixed(1));

/** The console table: each rate, its limit, the ratio and whether it meets the target. */
export function table(lines: Line[]): string {
  const rows = lines.map((l) => {
    const ratio = l.limit ? l.perSecond / l.limit : undefined;
    const verdict =
      ratio === undefined || l.target === undefined
        ? ''
        : ratio >= l.target
          ? `≥ ${l.target} ok`
          : `< ${l.target} BELOW`;
    return [
      l.measure,
      fmt(l.perSecond),
      l.limitName ? `${l.limitName} ${fmt(l.limit!)}` : '',
      ratio === undefined ? '' : `${ratio.toFixed(2)}×`,
      verdict,
    ];
  });
  const head = ['measure', 'per second', 'limit (per second)', 'ratio', 'target'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join(' | ')
      .trimEnd();
  return [line(head), widths.map((w) => '-'.repeat(w)).join('-|-'), ...rows.map(line)].join('\n');
}
