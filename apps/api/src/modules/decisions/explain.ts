import type { DecisionTrace, DecisionTraceInput } from '@tongban/contracts';
import { compileUnaryTests, type SimpleTest } from './feel.ts';

export type ExplainLanguage = 'zh-CN' | 'en';

/** 1234567 fen → "12,345.67". */
function yuan(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const [whole, cents] = (Math.abs(fen) / 100).toFixed(2).split('.');
  return `${sign}${whole!.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${cents}`;
}

function formatValue(
  value: unknown,
  input: Pick<DecisionTraceInput, 'valueFormat' | 'valueText'>,
  lang: ExplainLanguage,
): string {
  const zh = lang === 'zh-CN';
  if (input.valueText) return zh ? input.valueText.zh : input.valueText.en;
  if (value === null || value === undefined) return zh ? '（未填写）' : '(not given)';
  if (typeof value === 'number' && input.valueFormat === 'fen')
    return zh ? `${yuan(value)} 元` : `¥${yuan(value)}`;
  if (typeof value === 'boolean') return zh ? (value ? '是' : '否') : value ? 'yes' : 'no';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** "不超过 15,000.00 元" / "at most ¥15,000.00" for the tests a value passed. */
function describeTests(
  tests: SimpleTest[],
  negated: boolean,
  input: DecisionTraceInput,
  lang: ExplainLanguage,
): string | null {
  const zh = lang === 'zh-CN';
  const fmt = (v: unknown) => formatValue(v, { valueFormat: input.valueFormat }, lang);
  if (negated) {
    const list = tests.map((t) => (t.op === '=' ? fmt(t.value) : null));
    if (list.some((x) => x === null)) return null;
    return zh ? `不属于${list.join('、')}` : `not ${list.join(' or ')}`;
  }
  // An equality the value met says nothing the value itself does not.
  if (tests.every((t) => t.op === '=')) return '';
  if (tests.length !== 1) return null;
  const t = tests[0]!;
  switch (t.op) {
    case '<':
      return zh ? `低于 ${fmt(t.value)}` : `below ${fmt(t.value)}`;
    case '<=':
      return zh ? `不超过 ${fmt(t.value)}` : `at most ${fmt(t.value)}`;
    case '>':
      return zh ? `超过 ${fmt(t.value)}` : `above ${fmt(t.value)}`;
    case '>=':
      return zh ? `不低于 ${fmt(t.value)}` : `at least ${fmt(t.value)}`;
    case 'between':
      return zh ? `在 ${fmt(t.from)} 至 ${fmt(t.to)} 之间` : `between ${fmt(t.from)} and ${fmt(t.to)}`;
    default:
      return null;
  }
}

function condition(input: DecisionTraceInput, test: string, lang: ExplainLanguage): string {
  const zh = lang === 'zh-CN';
  const label = zh ? input.labelZh : input.labelEn;
  const value = formatValue(input.value, input, lang);
  // Chinese text keeps a space before Latin letters and digits (12,000.00 元), none before Han.
  const stated = zh ? `${label}为${/^[\x21-\x7e]/.test(value) ? ' ' : ''}${value}` : `${label} is ${value}`;
  const shape = compileUnaryTests(test).shape;
  const words = shape && !shape.any ? describeTests(shape.tests, shape.negated, input, lang) : null;
  if (words === '') return stated;
  if (words) return zh ? `${stated}，${words}` : `${stated}, ${words}`;
  return zh ? `${stated}，符合条件 ${test}` : `${stated}, which meets ${test}`;
}

/**
 * The decision in plain words, one line per matched rule: the conditions the applicant's values
 * met, then the rule's description (or its outputs) — "提取原因为租房自住，申请金额为 12,000.00 元，
 * 不超过 15,000.00 元 → 租房提取在限额内，自动核准".
 */
export function explainTrace(trace: DecisionTrace, lang: ExplainLanguage): string[] {
  const zh = lang === 'zh-CN';
  const inputs = new Map(trace.inputs.map((i) => [i.id, i]));
  const rules = trace.rules.filter((r) => r.matched);
  if (!rules.length) return [zh ? '没有适用的规则' : 'No rule applied'];
  const outputs = Array.isArray(trace.outputs) ? trace.outputs : [trace.outputs];
  return rules.map((rule, n) => {
    const conditions = rule.entries
      .filter((e) => compileUnaryTests(e.test).shape?.any !== true)
      .map((e) => condition(inputs.get(e.inputId)!, e.test, lang));
    const outcome =
      (zh ? rule.descriptionZh : rule.descriptionEn) ??
      rule.descriptionZh ??
      Object.entries(outputs[Array.isArray(trace.outputs) ? n : 0] ?? {})
        .map(([k, v]) => `${k} = ${typeof v === 'string' ? v : JSON.stringify(v)}`)
        .join(zh ? '，' : ', ');
    if (!conditions.length) return outcome;
    return `${conditions.join(zh ? '，' : ', ')} → ${outcome}`;
  });
}
