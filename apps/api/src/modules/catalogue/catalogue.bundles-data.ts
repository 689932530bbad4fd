// The demo life-event bundles of 明湖市 (一件事一次办): company setup and having a baby, as the
// State Council's "efficiently handle one thing" lists group them.

export interface DemoBundle {
  code: string;
  nameZh: string;
  nameEn: string;
  lifeEvent: string;
  audience: 'citizen' | 'enterprise';
  summaryZh: string;
  summaryEn: string;
  guideZh: string;
  guideEn: string;
  faq: { qZh: string; aZh: string; qEn: string; aEn: string }[];
  items: { code: string; required: boolean; issuesMaterials?: string[] }[];
}

export const DEMO_BUNDLES: DemoBundle[] = [
  {
    code: 'company-setup',
    nameZh: '企业开办一件事',
    nameEn: 'Start a company (one-stop)',
    lifeEvent: 'start_business',
    audience: 'enterprise',
    summaryZh: '营业执照、税务登记、社保参保登记，一张表单一次提交，三个部门同步办理。',
    summaryEn:
      'Business licence, tax registration and social insurance registration: one form, one submission, three departments at once.',
    guideZh:
      '在明湖市开办企业，可通过“企业开办一件事”一次填报企业设立登记、新办纳税人涉税事项和单位社会保险参保登记。企业名称、法定代表人、联系电话等共同信息只需填写一次；材料按所选事项合并，同一材料只需上传一次。市场监督管理局核发营业执照后，执照信息自动共享给税务和人社部门，无需再次提交。社保参保登记可以不选，日后单独办理。',
    guideEn:
      'To open a company in Minghu City, file company registration, the new taxpayer’s tax matters and the employer’s social insurance registration in one go. Shared details — company name, legal representative, phone — are asked once; the materials of the chosen items are merged, so each document is uploaded once. Once the Market Regulation Bureau issues the business licence it is shared with the tax and social insurance departments. Social insurance registration may be left out and done later.',
    faq: [
      {
        qZh: '其中一个部门不予办理怎么办？',
        aZh: '各部门分别办理、分别作出决定。某一事项不予办理的，其他事项不受影响；您可以在进度页面查看原因，并单独重新申请该事项。',
        qEn: 'What if one department refuses?',
        aEn: 'Each department decides on its own item; a refusal does not affect the others. The progress page shows the reason, and you can apply for that item again on its own.',
      },
      {
        qZh: '营业执照还没拿到，税务登记要上传营业执照吗？',
        aZh: '不需要。一并申请时，营业执照由市场监督管理局核发后直接共享给税务和人社部门。',
        qEn: 'Must I upload a business licence I do not have yet?',
        aEn: 'No. When filed together, the Market Regulation Bureau shares the licence with tax and social insurance once issued.',
      },
    ],
    items: [
      { code: 'SAMR-BL', required: true, issuesMaterials: ['business_licence'] },
      { code: 'TAX-REG', required: true },
      { code: 'HRSS-SSA', required: false },
    ],
  },
  {
    code: 'newborn',
    nameZh: '出生一件事',
    nameEn: 'Having a baby (one-stop)',
    lifeEvent: 'birth',
    audience: 'citizen',
    summaryZh: '出生医学证明、户口登记、医保参保，一张表单一次提交，三个部门同步办理。',
    summaryEn:
      'Birth medical certificate, household registration and medical insurance: one form, one submission, three departments at once.',
    guideZh:
      '宝宝出生后，父母一方可以通过“出生一件事”一次申请出生医学证明、新生儿户口登记和城乡居民医保参保。宝宝和父母的信息只需填写一次，父母身份证等材料只需上传一次。卫生健康委员会签发出生医学证明后共享给公安和医保部门，无需另行上传。医保参保可以不选，日后单独办理。',
    guideEn:
      'After the birth, either parent can apply in one go for the birth medical certificate, the baby’s household registration and resident medical insurance. The baby’s and the parents’ details are asked once, and the parents’ ID cards are uploaded once. The Health Commission shares the certificate with the police and the medical insurance bureau once issued. Medical insurance may be left out and done later.',
    faq: [
      {
        qZh: '出生一件事需要多长时间？',
        aZh: '三个事项同时办理，一般3个工作日内全部办结，您可以在“我的办件”中查看每个部门的进度。',
        qEn: 'How long does it take?',
        aEn: 'The three items run at the same time and are usually all done within three working days; "My applications" shows each department’s progress.',
      },
      {
        qZh: '户口登记被退回怎么办？',
        aZh: '在进度页面按部门的说明补正材料后重新提交即可，其他事项的办理不受影响。',
        qEn: 'What if the registration is returned?',
        aEn: 'Follow the department’s note on the progress page, supplement and resubmit; the other items carry on meanwhile.',
      },
    ],
    items: [
      { code: 'HC-BMC', required: true, issuesMaterials: ['birth_certificate'] },
      { code: 'PSB-NB', required: true },
      { code: 'MIB-NB', required: false },
    ],
  },
];
