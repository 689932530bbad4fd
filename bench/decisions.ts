import { evaluateTable, unemploymentBenefitTable } from '../apps/api/src/modules/decisions/index.ts';
import type { Rate } from './limits.ts';

/**
 * Decision evaluations per second, in-process through the decisions module's public evaluator,
 * over the 50-row FIRST demo table (unemployment benefit level) with inputs varying on every call:
 * contribution years from 0 to 12 (some match no rule) and ages from 18 to 70.
 */
export function measureDecisionEvaluations(seconds: number): Rate {
  const version = {
    id: '01990000-0000-7000-8000-00000000be01',
    version: 1,
    table: unemploymentBenefitTable(),
  };
  const now = new Date();
  let count = 0;
  let matched = 0;
  const started = performance.now();
  const until = started + seconds * 1000;
  // A cheap deterministic sequence, so every run sees the same inputs.
  let seed = 1;
  const next = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  while (performance.now() < until) {
    for (let i = 0; i < 1000; i++) {
      const context = {
        insured: { contributionYears: Math.round(next() * 1200) / 100, age: 18 + Math.floor(next() * 53) },
      };
      if (evaluateTable(version, context, now).matched.length) matched++;
      count++;
    }
  }
  const elapsed = (performance.now() - started) / 1000;
  if (!matched) throw new Error('no evaluation matched a rule: the benchmark table or inputs are wrong');
  return { perSecond: count / elapsed, count, seconds: elapsed, clients: 1 };
}
