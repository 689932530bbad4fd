// The demo items that offer 容缺受理 and their policies. Unemployment benefit (HRSS-UB) suspends: the
// benefit cannot be paid without the bank card, so the case (or, once decided, the payment) waits for
// it. Employer social insurance registration (HRSS-SSA) revokes: a registration left without its
// contribution account is undone, as the commitment says.
import type { ServiceDeferral } from './catalogue.service.ts';

export const DEMO_DEFERRAL_POLICIES: Record<string, ServiceDeferral> = {
  'HRSS-UB': {
    days: 10,
    onExpired: 'suspend',
    commitmentZh:
      '本人{applicant}申请办理“{item}”（办件编号{caseNumber}），已知悉以下材料暂缺并同意容缺受理：{materials}。本人承诺于{deadline}前补齐上述材料，并对所填信息和所交材料的真实性负责。逾期未补齐的，同意中止办理；已作出决定的，同意暂停发放失业保险金，直至补齐材料。',
    commitmentEn:
      'I, {applicant}, applying for “{item}” (case {caseNumber}), know that the following materials are missing and agree that the case is accepted without them: {materials}. I undertake to supply them by {deadline} and am responsible for the truth of my answers and materials. If I do not supply them in time, I agree that processing is suspended and, once decided, that payment of the benefit is suspended until I do.',
  },
  'HRSS-SSA': {
    days: 5,
    onExpired: 'revoke',
    commitmentZh:
      '本单位{applicant}申请办理“{item}”（办件编号{caseNumber}），已知悉以下材料暂缺并同意容缺受理：{materials}。本单位承诺于{deadline}前补齐上述材料，并对所填信息和所交材料的真实性负责。逾期未补齐的，同意撤销受理；已作出登记决定的，同意撤销该决定。',
    commitmentEn:
      '{applicant}, applying for “{item}” (case {caseNumber}), knows that the following materials are missing and agrees that the case is accepted without them: {materials}. It undertakes to supply them by {deadline} and is responsible for the truth of its answers and materials. If it does not supply them in time, it agrees that the acceptance is revoked and that a registration already decided is revoked.',
  },
};
