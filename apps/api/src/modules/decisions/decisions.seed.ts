import { type DecisionRule, type DecisionTable, dictionary } from '@tongban/contracts';
import type { Db } from '../../platform/db.ts';
import { AppError } from '../../platform/errors.ts';
import { getDepartmentByCode } from '../org/index.ts';
import { saveDecisionTable } from './decisions.service.ts';

/**
 * Housing-fund withdrawal, instant approval (即时办结) over the HPF-WD form's own fields
 * (`withdrawal.withdrawalReason`, `withdrawal.amountFen`): rent up to 15,000 yuan, retirement, and
 * buying a home up to 50,000 yuan are approved at once; anything else goes to an officer.
 */
export function hpfWithdrawalTable(): DecisionTable {
  const rule = (
    id: string,
    reason: string,
    amount: string,
    decision: 'approve' | 'refer',
    zh: string,
    en: string,
  ): DecisionRule => ({
    id,
    inputEntries: [reason, amount],
    outputEntries: [`"${decision}"`, `"${zh}"`, `"${en}"`],
    descriptionZh: zh,
    descriptionEn: en,
  });
  return {
    key: 'hpf-withdrawal-instant',
    nameZh: '住房公积金提取即时核准',
    nameEn: 'Housing fund withdrawal: instant approval',
    hitPolicy: 'FIRST',
    inputs: [
      {
        id: 'reason',
        labelZh: '提取原因',
        labelEn: 'Reason for withdrawal',
        expression: 'withdrawal.withdrawalReason',
        typeRef: 'string',
        valueLabels: dictionary.withdrawalReason.enumLabels,
      },
      {
        id: 'amount',
        labelZh: '申请金额',
        labelEn: 'Amount requested',
        expression: 'withdrawal.amountFen',
        typeRef: 'number',
        valueFormat: 'fen',
      },
    ],
    outputs: [
      { id: 'decision', name: 'decision', labelZh: '处理结果', labelEn: 'Decision', typeRef: 'string' },
      {
        id: 'reasonZh',
        name: 'reasonZh',
        labelZh: '说明（中文）',
        labelEn: 'Reason (Chinese)',
        typeRef: 'string',
      },
      {
        id: 'reasonEn',
        name: 'reasonEn',
        labelZh: '说明（英文）',
        labelEn: 'Reason (English)',
        typeRef: 'string',
      },
    ],
    rules: [
      rule(
        'rent-within-limit',
        '"rent"',
        '<= 1500000',
        'approve',
        '租房提取金额在 15,000 元限额内，自动核准',
        'Rent withdrawal within the ¥15,000 limit: approved automatically',
      ),
      rule(
        'retirement',
        '"retirement"',
        '-',
        'approve',
        '退休提取，自动核准',
        'Withdrawal on retirement: approved automatically',
      ),
      rule(
        'purchase-within-limit',
        '"purchase"',
        '<= 5000000',
        'approve',
        '购房提取金额在 50,000 元限额内，自动核准',
        'Home purchase withdrawal within the ¥50,000 limit: approved automatically',
      ),
      rule('otherwise', '-', '-', 'refer', '转工作人员审核', 'Referred to an officer for review'),
    ],
  };
}

const YEAR_BANDS = 10;
const AGE_BANDS: { test: string; zh: string; en: string }[] = [
  { test: '< 35', zh: '35 岁以下', en: 'under 35' },
  { test: '[35..45)', zh: '35 至 44 岁', en: '35 to 44' },
  { test: '[45..55)', zh: '45 至 54 岁', en: '45 to 54' },
  { test: '[55..60)', zh: '55 至 59 岁', en: '55 to 59' },
  { test: '>= 60', zh: '60 岁及以上', en: '60 and over' },
];

/**
 * Unemployment benefit level (失业保险金标准): 10 contribution-year bands × 5 age bands = 50
 * rules, FIRST. Generated rather than typed: the monthly amount grows with contribution years and
 * age, the number of months with contribution years. Used by the benchmark and the tests too.
 */
export function unemploymentBenefitTable(): DecisionTable {
  const rules: DecisionRule[] = [];
  for (let y = 1; y <= YEAR_BANDS; y++) {
    const years = y < YEAR_BANDS ? `[${y}..${y + 1})` : `>= ${YEAR_BANDS}`;
    const yearsZh = y < YEAR_BANDS ? `缴费满 ${y} 年不满 ${y + 1} 年` : `缴费满 ${YEAR_BANDS} 年及以上`;
    const yearsEn =
      y < YEAR_BANDS ? `${y} to ${y + 1} years of contributions` : `${YEAR_BANDS}+ years of contributions`;
    AGE_BANDS.forEach((age, a) => {
      const monthlyFen = 180_000 + y * 6_000 + a * 4_000;
      const months = y < 5 ? 12 : y < YEAR_BANDS ? 18 : 24;
      rules.push({
        id: `y${y}-a${a + 1}`,
        inputEntries: [years, age.test],
        outputEntries: [String(monthlyFen), String(months)],
        descriptionZh: `${yearsZh}、${age.zh}：每月 ${monthlyFen / 100} 元，领取 ${months} 个月`,
        descriptionEn: `${yearsEn}, aged ${age.en}: ¥${monthlyFen / 100} a month for ${months} months`,
      });
    });
  }
  return {
    key: 'hrss-unemployment-benefit',
    nameZh: '失业保险金标准',
    nameEn: 'Unemployment benefit level',
    hitPolicy: 'FIRST',
    inputs: [
      {
        id: 'years',
        labelZh: '缴费年限',
        labelEn: 'Years of contributions',
        expression: 'insured.contributionYears',
        typeRef: 'number',
      },
      { id: 'age', labelZh: '年龄', labelEn: 'Age', expression: 'insured.age', typeRef: 'number' },
    ],
    outputs: [
      {
        id: 'monthly',
        name: 'monthlyFen',
        labelZh: '每月金额',
        labelEn: 'Monthly amount',
        typeRef: 'number',
        valueFormat: 'fen',
      },
      { id: 'months', name: 'months', labelZh: '领取月数', labelEn: 'Months', typeRef: 'number' },
    ],
    rules,
  };
}

export const DEMO_DECISION_TABLES: { owner: string; table: () => DecisionTable }[] = [
  { owner: 'HPF', table: hpfWithdrawalTable },
  { owner: 'HRSS', table: unemploymentBenefitTable },
];

/** Saves the demo tables (after the demo org); running it again adds no version. */
export async function seedDemoDecisions(db: Db): Promise<void> {
  for (const { owner, table } of DEMO_DECISION_TABLES) {
    const dept = await getDepartmentByCode(db, owner);
    if (!dept) throw new AppError('DEPARTMENT_NOT_FOUND', [{ code: owner }]);
    await saveDecisionTable(db, { table: table(), ownerDepartmentId: dept.id });
  }
}
