import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

/** The axe-core that @axe-core/playwright ships with (the version package-lock.json pins for it). */
const axeSource: string = createRequire(import.meta.resolve('@axe-core/playwright'))('axe-core').source;

export const WCAG_21_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

interface Violation {
  id: string;
  impact?: string | null;
  help: string;
  helpUrl: string;
  nodes: { target: unknown[]; failureSummary?: string }[];
}

/** One readable paragraph per violated rule: rule, impact, help, and each offending element. */
export function describeViolations(violations: Violation[]): string {
  return violations
    .map((v) => {
      const nodes = v.nodes
        .slice(0, 8)
        .map(
          (n) =>
            `    - ${n.target.join(' ')}\n      ${(n.failureSummary ?? '').replaceAll('\n', '\n      ')}`,
        )
        .join('\n');
      const more = v.nodes.length > 8 ? `\n    … and ${v.nodes.length - 8} more` : '';
      return `  [${v.impact ?? 'n/a'}] ${v.id}: ${v.help} (${v.helpUrl})\n${nodes}${more}`;
    })
    .join('\n');
}

/**
 * Fails with a readable list when the page as it is now violates any WCAG 2.1 A/AA rule axe
 * can check. `what` names the page in the message.
 *
 * axe runs in the page itself, injected once per document (client-side navigation keeps it):
 * AxeBuilder.analyze() injects it again on every call and opens an extra page for its
 * cross-frame finishRun, three times slower for the same results on pages without frames.
 */
export async function expectAccessible(page: Page, what: string): Promise<void> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource);
  const violations = await page.evaluate(async (tags) => {
    const { axe } = window as unknown as {
      axe: { run(context: Document, options: object): Promise<{ violations: Violation[] }> };
    };
    return (await axe.run(document, { runOnly: { type: 'tag', values: tags } })).violations;
  }, WCAG_21_AA);
  if (violations.length) {
    throw new Error(
      `${what} (${page.url()}, ${page.viewportSize()?.width}px) has ${violations.length} WCAG 2.1 A/AA violation(s):\n` +
        describeViolations(violations),
    );
  }
}
