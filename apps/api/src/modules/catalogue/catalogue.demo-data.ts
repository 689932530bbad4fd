// The demo catalogue of 明湖市 Minghu City: life events and twelve service items whose legal basis,
// materials, time limits and answers follow what real Chinese government service guides publish.
import type { OnlineLevel } from '@tongban/contracts';

export const LIFE_EVENTS = [
  { code: 'start_business', nameZh: '开办企业', nameEn: 'Start a business' },
  { code: 'construction', nameZh: '工程建设', nameEn: 'Construction projects' },
  { code: 'employment', nameZh: '就业创业', nameEn: 'Employment and entrepreneurship' },
  { code: 'housing', nameZh: '住房', nameEn: 'Housing' },
  { code: 'residence', nameZh: '户籍居住', nameEn: 'Household registration and residence' },
  { code: 'social_security', nameZh: '社会保障', nameEn: 'Social security' },
  { code: 'elderly', nameZh: '养老', nameEn: 'Elderly care' },
  { code: 'birth', nameZh: '生育出生', nameEn: 'Having a baby' },
];

interface DemoMaterial {
  code: string;
  nameZh: string;
  nameEn: string;
  critical: boolean;
  required: boolean;
  descriptionZh: string;
  descriptionEn: string;
  /** E-licence types the applicant may use instead of uploading it (免证办). */
  satisfiedByLicenceTypes?: string[];
}

export interface DemoItem {
  code: string;
  nameZh: string;
  nameEn: string;
  audience: 'citizen' | 'enterprise';
  department: string;
  processKey: string;
  promisedDays: number;
  statutoryDays: number;
  feeFen: number;
  onlineLevel: OnlineLevel;
  lifeEvents: string[];
  legalBasis: { zh: string; en: string }[];
  materials: DemoMaterial[];
  guideZh: string;
  guideEn: string;
  faq: { qZh: string; aZh: string; qEn: string; aEn: string }[];
  steps: { nameZh: string; nameEn: string }[];
}

function material(
  code: string,
  [nameZh, nameEn]: [string, string],
  critical: boolean,
  [descriptionZh, descriptionEn]: [string, string],
  required = true,
): DemoMaterial {
  return { code, nameZh, nameEn, critical, required, descriptionZh, descriptionEn };
}

/** The material, which one of the applicant's e-licences of these types may stand in for (免证办). */
const orLicence = (m: DemoMaterial, ...types: string[]): DemoMaterial => ({
  ...m,
  satisfiedByLicenceTypes: types,
});

const idCard = (holderZh: string, holderEn: string) =>
  material('id_card', [`${holderZh}居民身份证`, `Resident ID card of the ${holderEn}`], true, [
    '有效期内的居民身份证正反面扫描件或照片',
    'Both sides of a valid resident ID card, scanned or photographed',
  ]);

const businessLicence = orLicence(
  material('business_licence', ['营业执照', 'Business licence'], true, [
    '加载统一社会信用代码的营业执照；已领取电子营业执照的可直接引用',
    'The business licence bearing the unified social credit code; an e-licence may be used instead',
  ]),
  'business_licence',
);

const parentsId = material('parents_id', ['父母双方居民身份证', 'Resident ID cards of both parents'], true, [
  '有效期内的居民身份证正反面；父亲信息不详的只需提交母亲的',
  'Both sides of each parent’s valid ID card; only the mother’s when the father is not known',
]);

const hukouBook = (critical: boolean, [descriptionZh, descriptionEn]: [string, string]) =>
  orLicence(
    material('hukou_book', ['户口簿', 'Household register (hukou booklet)'], critical, [
      descriptionZh,
      descriptionEn,
    ]),
    'household_register',
  );

const marriageCertificate = orLicence(
  material(
    'marriage_certificate',
    ['结婚证', 'Marriage certificate'],
    false,
    ['非婚生育的无需提交', 'Not needed for a child born outside marriage'],
    false,
  ),
  'marriage_certificate',
);

const standardSteps = [
  { nameZh: '网上申请', nameEn: 'Apply online' },
  { nameZh: '受理', nameEn: 'Acceptance' },
  { nameZh: '审查', nameEn: 'Review' },
  { nameZh: '作出决定', nameEn: 'Decision' },
  { nameZh: '办结送达', nameEn: 'Result delivered' },
];

export const DEMO_ITEMS: DemoItem[] = [
  {
    code: 'SAMR-BL',
    nameZh: '企业设立登记（营业执照）',
    nameEn: 'Company registration (business licence)',
    audience: 'enterprise',
    department: 'SAMR',
    processKey: 'business-licence',
    promisedDays: 1,
    statutoryDays: 3,
    feeFen: 0,
    onlineLevel: 'full_online',
    lifeEvents: ['start_business'],
    legalBasis: [
      { zh: '《中华人民共和国公司法》', en: 'Company Law of the People’s Republic of China' },
      {
        zh: '《中华人民共和国市场主体登记管理条例》第十九条',
        en: 'Regulations on the Registration of Market Entities, Article 19',
      },
      {
        zh: '《中华人民共和国市场主体登记管理条例实施细则》',
        en: 'Implementing Rules of the Regulations on the Registration of Market Entities',
      },
    ],
    materials: [
      material(
        'application_form',
        ['公司登记（备案）申请书', 'Company registration application form'],
        true,
        [
          '由法定代表人签署；在线填写后系统自动生成',
          'Signed by the legal representative; generated from the online form',
        ],
      ),
      material('articles', ['公司章程', 'Articles of association'], true, [
        '全体股东签署的公司章程',
        'Articles of association signed by every shareholder',
      ]),
      material(
        'shareholder_ids',
        ['股东主体资格证明或自然人身份证明', 'Identity documents of the shareholders'],
        true,
        [
          '自然人股东提交身份证件；法人股东提交营业执照',
          'ID cards of individual shareholders; business licences of corporate shareholders',
        ],
      ),
      material(
        'officer_appointment',
        [
          '法定代表人、董事、监事和经理的任职文件',
          'Appointment of the legal representative, directors, supervisors and manager',
        ],
        false,
        [
          '股东会决议或股东决定；可先行受理，后补正',
          'Shareholders’ resolution or decision; may be supplied after acceptance',
        ],
      ),
      material(
        'domicile_proof',
        ['住所使用证明', 'Proof of the right to use the registered address'],
        false,
        [
          '房屋产权证明或租赁合同；实行住所申报承诺制的可提交承诺书',
          'Title deed or lease; where address self-declaration applies, a signed commitment',
        ],
      ),
    ],
    guideZh:
      '在明湖市设立有限责任公司、股份有限公司等企业，通过“企业开办一网通办”在线申请设立登记。名称自主申报通过后填写登记信息、上传材料，材料齐全、符合法定形式的，市场监督管理局当场或1个工作日内核准登记并核发营业执照（含电子营业执照）。设立登记可与税务登记、社保参保登记一次提交、同步办理。',
    guideEn:
      'To set up a limited liability company or company limited by shares in Minghu City, apply online through the one-stop business start-up service. After the name is self-declared, fill in the registration details and upload the materials; when they are complete and in legal form, the Market Regulation Bureau registers the company on the spot or within one working day and issues the business licence (including the e-licence). Tax and social insurance registration can be filed in the same submission.',
    faq: [
      {
        qZh: '注册资本需要在设立时实缴吗？',
        aZh: '不需要。依照《公司法》，有限责任公司全体股东认缴的出资额应当自公司成立之日起五年内缴足，并在章程中载明。',
        qEn: 'Must the registered capital be paid in at registration?',
        aEn: 'No. Under the Company Law, shareholders of a limited liability company pay their subscribed capital in full within five years of incorporation, as stated in the articles.',
      },
      {
        qZh: '可以用住宅作为公司住所吗？',
        aZh: '明湖市对部分行业实行住所申报承诺制，利用住宅从事经营活动的，应当遵守法律法规和管理规约，并经有利害关系的业主同意。',
        qEn: 'Can a flat be used as the registered address?',
        aEn: 'Minghu City allows address self-declaration for many trades; using a home for business must comply with the law and the building’s rules, with the consent of the owners concerned.',
      },
      {
        qZh: '营业执照多久可以拿到？',
        aZh: '材料齐全的，承诺1个工作日内办结，电子营业执照即时发放，纸质执照可选择邮寄。',
        qEn: 'How soon is the licence issued?',
        aEn: 'Within one working day when the materials are complete; the e-licence is issued at once and the paper licence can be posted.',
      },
    ],
    steps: [
      { nameZh: '名称自主申报', nameEn: 'Name self-declaration' },
      { nameZh: '网上申请', nameEn: 'Apply online' },
      { nameZh: '受理', nameEn: 'Acceptance' },
      { nameZh: '核准登记', nameEn: 'Registration approved' },
      { nameZh: '发放营业执照', nameEn: 'Business licence issued' },
    ],
  },
  {
    code: 'HCD-CP',
    nameZh: '建筑工程施工许可证核发',
    nameEn: 'Construction permit for building works',
    audience: 'enterprise',
    department: 'HCD',
    processKey: 'construction-permit',
    promisedDays: 3,
    statutoryDays: 7,
    feeFen: 0,
    onlineLevel: 'full_online',
    lifeEvents: ['construction'],
    legalBasis: [
      { zh: '《中华人民共和国建筑法》第七条、第八条', en: 'Construction Law of the PRC, Articles 7 and 8' },
      {
        zh: '《建筑工程施工许可管理办法》（住房和城乡建设部令第18号）',
        en: 'Measures for the Administration of Construction Permits (MOHURD Order No. 18)',
      },
    ],
    materials: [
      material(
        'permit_application',
        ['建筑工程施工许可证申请表', 'Construction permit application form'],
        true,
        ['建设单位盖章，在线填写后自动生成', 'Sealed by the developer; generated from the online form'],
      ),
      material('planning_permit', ['建设工程规划许可证', 'Construction project planning permit'], true, [
        '在城市、镇规划区的建筑工程，已经取得建设工程规划许可证',
        'Required for works inside urban or town planning areas',
      ]),
      material(
        'contractor_award',
        ['中标通知书及施工合同', 'Notice of award and construction contract'],
        true,
        [
          '依法必须招标的项目提交中标通知书；施工合同须双方盖章',
          'The notice of award for projects that must be tendered, and the contract sealed by both parties',
        ],
      ),
      material(
        'drawing_review',
        ['施工图设计文件审查合格书', 'Certificate of construction drawing review'],
        true,
        [
          '施工图审查机构出具；实行告知承诺制的提交承诺书',
          'Issued by the drawing review agency, or a commitment where the notify-and-commit scheme applies',
        ],
      ),
      material(
        'funding_commitment',
        ['建设资金已经落实承诺书', 'Commitment that construction funds are in place'],
        false,
        ['建设单位法定代表人签署', 'Signed by the developer’s legal representative'],
      ),
      material('safety_measures', ['保证工程质量和安全的具体措施', 'Quality and safety measures'], false, [
        '施工组织设计中的质量安全措施；可容缺受理后补正',
        'The quality and safety measures of the construction plan; may be supplied after acceptance',
      ]),
    ],
    guideZh:
      '在明湖市行政区域内从事各类房屋建筑及其附属设施的建造、装修装饰和与其配套的线路、管道、设备的安装，以及城镇市政基础设施工程的施工，建设单位应当在开工前申请领取施工许可证。工程投资额在30万元以下或者建筑面积在300平方米以下的建筑工程，可以不申请办理施工许可证。住房和城乡建设局受理后，技术审查与自然资源和规划局的规划审查并联进行，审查通过后由局领导作出许可决定。',
    guideEn:
      'Before work starts on building, fit-out, installation or municipal infrastructure works in Minghu City, the developer applies for a construction permit. Works below CNY 300,000 of investment or 300 m² of floor area need no permit. After the Housing and Urban-Rural Development Bureau accepts the application, its technical review runs in parallel with the planning review of the Natural Resources and Planning Bureau, and the bureau head then decides.',
    faq: [
      {
        qZh: '哪些工程不需要办理施工许可证？',
        aZh: '工程投资额在30万元以下或者建筑面积在300平方米以下的建筑工程，以及抢险救灾、临时性房屋建筑和农民自建低层住宅。',
        qEn: 'Which works need no construction permit?',
        aEn: 'Works below CNY 300,000 of investment or 300 m² of floor area, emergency and disaster relief works, temporary buildings and low-rise homes built by villagers.',
      },
      {
        qZh: '施工许可证的有效期是多久？',
        aZh: '建设单位应当自领取施工许可证之日起三个月内开工；因故不能按期开工的，可以申请延期，延期以两次为限，每次不超过三个月。',
        qEn: 'How long is the permit valid?',
        aEn: 'Work must start within three months of issue; the developer may apply for an extension at most twice, each time for up to three months.',
      },
      {
        qZh: '为什么需要两个部门审查？',
        aZh: '技术审查由住房和城乡建设局负责，规划符合性审查由自然资源和规划局负责，两项审查同时进行（并联审批），不增加办理时间。',
        qEn: 'Why do two departments review the application?',
        aEn: 'Housing and Urban-Rural Development reviews the technical conditions and Natural Resources and Planning checks conformity with the plan; both reviews run at the same time, so it takes no longer.',
      },
    ],
    steps: [
      { nameZh: '网上申请', nameEn: 'Apply online' },
      { nameZh: '窗口受理', nameEn: 'Acceptance' },
      { nameZh: '技术审查 ‖ 规划审查（并联）', nameEn: 'Technical review ‖ planning review (in parallel)' },
      { nameZh: '审批决定', nameEn: 'Final approval' },
      { nameZh: '发放施工许可证', nameEn: 'Permit issued' },
    ],
  },
  {
    code: 'HPF-WD',
    nameZh: '住房公积金提取',
    nameEn: 'Housing provident fund withdrawal',
    audience: 'citizen',
    department: 'HPF',
    // Instant approval (秒批秒办): the withdrawal rules decide at once; others go to officers.
    processKey: 'instant-approval',
    promisedDays: 1,
    statutoryDays: 3,
    feeFen: 0,
    onlineLevel: 'full_online',
    lifeEvents: ['housing'],
    legalBasis: [
      {
        zh: '《住房公积金管理条例》（国务院令第350号）第二十四条、第二十五条',
        en: 'Regulations on the Administration of Housing Provident Funds (State Council Order No. 350), Articles 24 and 25',
      },
      {
        zh: '《明湖市住房公积金提取管理办法》',
        en: 'Minghu City Measures on Housing Provident Fund Withdrawals',
      },
    ],
    materials: [
      idCard('缴存职工', 'contributor'),
      material('reason_proof', ['提取原因证明材料', 'Proof of the reason for withdrawal'], true, [
        '购房提交购房合同或不动产权证书；租房提交租赁合同；退休提交退休证明',
        'Purchase contract or title deed for buying; the lease for renting; the retirement certificate for retirement',
      ]),
      material('bank_card', ['本人银行借记卡', 'Debit card in the applicant’s name'], false, [
        '用于接收提取资金，须为本人名下一类账户',
        'The account that receives the money; a Class I account in the applicant’s own name',
      ]),
    ],
    guideZh:
      '缴存职工购买、建造、翻建、大修自住住房，偿还购房贷款本息，租房自住，离休、退休，或与单位终止劳动关系并离开本市的，可以申请提取本人住房公积金账户内的存储余额。住房公积金管理中心自受理申请之日起3日内作出准予提取或者不准提取的决定，准予提取的由受委托银行办理支付手续。',
    guideEn:
      'Contributors may withdraw their housing provident fund balance to buy, build or repair a home they live in, repay a home loan, pay rent, on retirement, or when they leave the city after their employment ends. The fund centre decides within three days of accepting the application, and the appointed bank pays out approved withdrawals.',
    faq: [
      {
        qZh: '租房提取每年可以提取多少？',
        aZh: '无房职工租房自住的，每年可提取一次，提取额度不超过明湖市规定的租房提取限额，且不超过实际房租支出。',
        qEn: 'How much can be withdrawn for rent each year?',
        aEn: 'Contributors without a home of their own may withdraw once a year, up to the city’s rent limit and no more than the rent actually paid.',
      },
      {
        qZh: '提取的钱多久到账？',
        aZh: '审批通过后一般1个工作日内转入本人银行账户。',
        qEn: 'When does the money arrive?',
        aEn: 'Usually within one working day after approval, in the applicant’s own bank account.',
      },
      {
        qZh: '什么情况下可以“秒批”？',
        aZh: '租房提取不超过15,000元、购房提取不超过50,000元以及退休提取，提交后由系统按规则自动核验，符合条件的当即核准，并告知您核准依据；其他情形转工作人员审核。自动核准的办件会按比例抽查。',
        qEn: 'When is a withdrawal approved instantly?',
        aEn: 'Rent withdrawals up to ¥15,000, home purchase withdrawals up to ¥50,000 and withdrawals on retirement are checked against the rules as soon as you submit; if they qualify they are approved at once and you are told why. Other cases go to an officer. A share of automatic approvals is reviewed afterwards.',
      },
    ],
    steps: [
      { nameZh: '网上申请', nameEn: 'Apply online' },
      {
        nameZh: '规则自动核验（符合条件即时核准）',
        nameEn: 'Automated check (approved at once when the rules allow)',
      },
      { nameZh: '其他情形：受理、审查、审批', nameEn: 'Otherwise: acceptance, review, approval' },
      { nameZh: '办结，资金转入本人账户', nameEn: 'Done: the money goes to your account' },
    ],
  },
  {
    code: 'PSB-RP',
    nameZh: '居住证办理',
    nameEn: 'Residence permit',
    audience: 'citizen',
    department: 'PSB',
    processKey: 'residence-permit',
    promisedDays: 10,
    statutoryDays: 15,
    feeFen: 0,
    onlineLevel: 'one_visit',
    lifeEvents: ['residence'],
    legalBasis: [
      {
        zh: '《居住证暂行条例》（国务院令第663号）',
        en: 'Interim Regulations on Residence Permits (State Council Order No. 663)',
      },
      { zh: '《明湖市居住证管理办法》', en: 'Minghu City Measures on Residence Permits' },
    ],
    materials: [
      orLicence(idCard('申请人', 'applicant'), 'household_register'),
      material('residence_proof', ['合法稳定住所证明', 'Proof of a lawful, stable residence'], true, [
        '房屋租赁合同、不动产权证书，或单位、学校出具的住宿证明',
        'A lease, a title deed, or a housing certificate from the employer or school',
      ]),
      material(
        'employment_or_study_proof',
        ['合法稳定就业或连续就读证明', 'Proof of lawful, stable employment or study'],
        false,
        [
          '劳动合同、营业执照或学校出具的在读证明，三者具其一即可',
          'An employment contract, a business licence or a certificate of enrolment — any one of them',
        ],
        false,
      ),
      material('photo', ['近期免冠证件照', 'Recent passport-style photo'], false, [
        '白色背景，可在领证时现场采集',
        'White background; it can also be taken when collecting the permit',
      ]),
    ],
    guideZh:
      '公民离开常住户口所在地，到明湖市居住半年以上，符合有合法稳定就业、合法稳定住所、连续就读条件之一的，可以申领居住证。居住未满半年的，由派出所进行居住登记后再行审核。公安局自受理之日起15日内制作发放居住证，本市承诺10个工作日内办结。首次申领居住证免收证件工本费。',
    guideEn:
      'Citizens who have lived in Minghu City for more than six months away from their place of household registration, and who have stable lawful employment, a stable lawful residence, or are studying continuously, may apply for a residence permit. Those who have lived here less than six months are first registered by the local police station. The statutory limit is 15 days; Minghu promises 10 working days. The first permit is free of charge.',
    faq: [
      {
        qZh: '居住不满半年可以办理吗？',
        aZh: '可以先在线申请，系统会转入居住登记核查环节，由派出所核实居住情况后再作出决定。',
        qEn: 'Can I apply before I have lived here six months?',
        aEn: 'Yes. The application then goes through a residence registration check by the police station before the decision.',
      },
      {
        qZh: '居住证有什么用？',
        aZh: '居住证持有人在本市享有义务教育、基本公共就业服务、基本公共卫生服务等基本公共服务和便利。',
        qEn: 'What does a residence permit give me?',
        aEn: 'Holders have access to compulsory education, public employment services, basic public health services and other public services in the city.',
      },
      {
        qZh: '居住证需要每年签注吗？',
        aZh: '需要。居住证每年签注一次，持证人连续居住的，应当在居住每满一年之日前一个月内办理签注。',
        qEn: 'Does the permit need a yearly endorsement?',
        aEn: 'Yes, once a year, within the month before each full year of residence.',
      },
    ],
    steps: [
      { nameZh: '网上申请', nameEn: 'Apply online' },
      { nameZh: '受理', nameEn: 'Acceptance' },
      { nameZh: '居住登记核查（居住未满半年时）', nameEn: 'Residence registration check (under six months)' },
      { nameZh: '审核', nameEn: 'Review' },
      { nameZh: '制证发证', nameEn: 'Permit made and issued' },
    ],
  },
  {
    code: 'HRSS-UB',
    nameZh: '失业保险金申领',
    nameEn: 'Unemployment insurance benefit',
    audience: 'citizen',
    department: 'HRSS',
    processKey: 'simple-approval',
    promisedDays: 5,
    statutoryDays: 10,
    feeFen: 0,
    onlineLevel: 'full_online',
    lifeEvents: ['employment', 'social_security'],
    legalBasis: [
      { zh: '《中华人民共和国社会保险法》第四十五条', en: 'Social Insurance Law of the PRC, Article 45' },
      {
        zh: '《失业保险条例》（国务院令第258号）',
        en: 'Regulations on Unemployment Insurance (State Council Order No. 258)',
      },
      {
        zh: '《失业保险金申领发放办法》',
        en: 'Measures for Claiming and Paying Unemployment Insurance Benefits',
      },
    ],
    materials: [
      orLicence(idCard('申请人', 'applicant'), 'household_register'),
      material(
        'termination_proof',
        ['终止或者解除劳动合同的证明', 'Proof that the employment contract ended'],
        true,
        [
          '原用人单位出具；已在系统中备案的可免于提交',
          'Issued by the former employer; not needed when the employer has already filed it',
        ],
      ),
      material('bank_card', ['本人社会保障卡或银行卡', 'Social security card or bank card'], false, [
        '用于发放失业保险金；可容缺受理后补正',
        'Where the benefit is paid; may be supplied after acceptance',
      ]),
    ],
    guideZh:
      '失业前用人单位和本人已经缴纳失业保险费满一年、非因本人意愿中断就业、已经进行失业登记并有求职要求的失业人员，可以申领失业保险金。人力资源和社会保障局自受理之日起10日内审核，本市承诺5个工作日内办结；符合条件的按月发放，期间代缴基本医疗保险费。',
    guideEn:
      'Unemployed people who paid unemployment insurance with their employer for at least a year, lost their job involuntarily, are registered as unemployed and are looking for work may claim the benefit. The statutory review limit is 10 days; Minghu promises 5 working days. The benefit is paid monthly and covers basic medical insurance contributions meanwhile.',
    faq: [
      {
        qZh: '失业保险金可以领多久？',
        aZh: '累计缴费满1年不足5年的，最长12个月；满5年不足10年的，最长18个月；10年以上的，最长24个月。',
        qEn: 'For how long is the benefit paid?',
        aEn: 'Up to 12 months after 1–5 years of contributions, 18 months after 5–10 years, and 24 months after 10 years or more.',
      },
      {
        qZh: '主动辞职可以领取失业保险金吗？',
        aZh: '一般不可以。因本人意愿中断就业的不符合申领条件，但因用人单位违法等原因被迫解除劳动合同的除外。',
        qEn: 'Can I claim if I resigned?',
        aEn: 'Usually not: leaving a job voluntarily does not qualify, unless you were forced to end the contract because the employer broke the law.',
      },
    ],
    steps: standardSteps,
  },
  {
    code: 'TAX-REG',
    nameZh: '新办纳税人涉税事项办理（税务登记）',
    nameEn: 'Tax registration of a new taxpayer',
    audience: 'enterprise',
    department: 'TAX',
    processKey: 'simple-approval',
    promisedDays: 1,
    statutoryDays: 1,
    feeFen: 0,
    onlineLevel: 'full_online',
    lifeEvents: ['start_business'],
    legalBasis: [
      {
        zh: '《中华人民共和国税收征收管理法》第十五条',
        en: 'Law on the Administration of Tax Collection, Article 15',
      },
      {
        zh: '《税务登记管理办法》（国家税务总局令第7号）',
        en: 'Measures for the Administration of Tax Registration (SAT Order No. 7)',
      },
    ],
    materials: [
      businessLicence,
      material('legal_rep_id', ['法定代表人身份证件', 'ID of the legal representative'], true, [
        '有效期内的居民身份证',
        'A valid resident ID card',
      ]),
      material(
        'tax_staff_ids',
        ['财务负责人、办税人员身份证件', 'IDs of the finance officer and the tax clerk'],
        false,
        ['实名采集后可免于提交', 'Not needed once they have completed real-name verification'],
      ),
      material(
        'premises_proof',
        ['生产经营地址证明', 'Proof of the business premises'],
        false,
        ['与登记住所一致的可免于提交', 'Not needed when the premises are the registered address'],
        false,
      ),
    ],
    guideZh:
      '领取营业执照的企业，其税务登记信息由市场监督管理部门共享至税务部门，无需另行办理税务登记证件。新办纳税人首次办理涉税事项时，在线确认登记信息，同时办理税费种认定、发票票种核定、财务会计制度备案、三方协议签订等事项，当日办结。',
    guideEn:
      'The registration data of a newly licensed enterprise is shared by market regulation with the tax bureau, so no separate tax registration certificate is issued. On its first tax matter the new taxpayer confirms the shared data online and, in the same step, has its taxes determined, its invoice types approved, its accounting system filed and its tax-payment agreement signed — all on the same day.',
    faq: [
      {
        qZh: '还需要单独领取税务登记证吗？',
        aZh: '不需要。实行“多证合一”后，营业执照已加载统一社会信用代码，具有税务登记证的作用。',
        qEn: 'Do I still get a separate tax registration certificate?',
        aEn: 'No. With the "multiple licences in one" reform, the business licence with the unified social credit code serves as the tax registration.',
      },
      {
        qZh: '可以同时申领发票吗？',
        aZh: '可以。新办纳税人可同步办理发票票种核定，数电发票开通后即可开具。',
        qEn: 'Can I get invoices at the same time?',
        aEn: 'Yes. Invoice types are approved in the same step, and digital invoices can be issued as soon as they are enabled.',
      },
    ],
    steps: standardSteps,
  },
  {
    code: 'HRSS-SSA',
    nameZh: '单位社会保险参保登记',
    nameEn: 'Employer social insurance registration',
    audience: 'enterprise',
    department: 'HRSS',
    processKey: 'simple-approval',
    promisedDays: 1,
    statutoryDays: 15,
    feeFen: 0,
    onlineLevel: 'full_online',
    lifeEvents: ['start_business', 'social_security'],
    legalBasis: [
      { zh: '《中华人民共和国社会保险法》第五十七条', en: 'Social Insurance Law of the PRC, Article 57' },
      {
        zh: '《社会保险费征缴暂行条例》',
        en: 'Interim Regulations on the Collection of Social Insurance Contributions',
      },
    ],
    materials: [
      businessLicence,
      material('legal_rep_id', ['法定代表人身份证件', 'ID of the legal representative'], true, [
        '有效期内的居民身份证',
        'A valid resident ID card',
      ]),
      material('bank_account_proof', ['单位银行开户信息', 'The employer’s bank account details'], false, [
        '开户许可证或基本存款账户信息，用于社会保险费划缴',
        'Account opening permit or basic deposit account details, for paying contributions',
      ]),
    ],
    guideZh:
      '用人单位应当自成立之日起三十日内凭营业执照申请办理社会保险登记。社会保险经办机构应当自收到申请之日起十五日内予以审核，本市承诺1个工作日内办结，并发给社会保险登记证明。企业开办时可与设立登记一并申请。',
    guideEn:
      'Employers register for social insurance within thirty days of being established, with their business licence. The statutory review limit is fifteen days; Minghu promises one working day. It can be filed together with company registration.',
    faq: [
      {
        qZh: '没有招聘员工也要办理参保登记吗？',
        aZh: '需要。用人单位成立后均应办理社会保险登记，招用职工后再为职工办理参保。',
        qEn: 'Must I register before hiring anyone?',
        aEn: 'Yes. Every employer registers once established, and enrols its employees when it hires them.',
      },
      {
        qZh: '逾期登记有什么后果？',
        aZh: '用人单位不办理社会保险登记的，由社会保险行政部门责令限期改正；逾期不改正的，依法处以罚款。',
        qEn: 'What if I register late?',
        aEn: 'The authority orders the employer to register within a set time, and fines it if it still does not.',
      },
    ],
    steps: standardSteps,
  },
  {
    code: 'MIB-REG',
    nameZh: '城乡居民基本医疗保险参保登记',
    nameEn: 'Resident basic medical insurance enrolment',
    audience: 'citizen',
    department: 'MIB',
    processKey: 'simple-approval',
    promisedDays: 1,
    statutoryDays: 5,
    feeFen: 0,
    onlineLevel: 'full_online',
    lifeEvents: ['social_security'],
    legalBasis: [
      { zh: '《中华人民共和国社会保险法》第二十五条', en: 'Social Insurance Law of the PRC, Article 25' },
      {
        zh: '《全国医疗保障经办政务服务事项清单》',
        en: 'National list of medical insurance administrative services',
      },
    ],
    materials: [
      orLicence(
        material('id_or_hukou', ['居民身份证或户口簿', 'Resident ID card or household register'], true, [
          '新生儿可提交出生医学证明',
          'For a newborn, the medical birth certificate',
        ]),
        'household_register',
      ),
      orLicence(
        material(
          'residence_permit',
          ['居住证', 'Residence permit'],
          false,
          ['非本市户籍人员提交', 'For people whose household registration is elsewhere'],
          false,
        ),
        'residence_permit',
      ),
    ],
    guideZh:
      '未参加职工基本医疗保险的本市户籍居民及持有本市居住证的常住人员，可以参加城乡居民基本医疗保险。参保登记即时办理，个人缴费按年度缴纳，缴费后次年1月1日起享受待遇（新生儿、集中参保期外另有规定的除外）。',
    guideEn:
      'Residents registered in the city, and holders of a Minghu residence permit, who are not covered by employee medical insurance may enrol in resident basic medical insurance. Enrolment is immediate; contributions are paid yearly and cover starts on 1 January of the following year (with special rules for newborns and late enrolment).',
    faq: [
      {
        qZh: '外地户籍可以参加本市居民医保吗？',
        aZh: '持有本市居住证的可以在本市参保，但不得重复参加基本医疗保险。',
        qEn: 'Can people registered elsewhere enrol here?',
        aEn: 'Yes, with a Minghu residence permit — but nobody may hold two basic medical insurance schemes.',
      },
      {
        qZh: '参保登记收费吗？',
        aZh: '参保登记不收费；个人缴费标准按当年度本市政策执行。',
        qEn: 'Is there a fee for enrolling?',
        aEn: 'Enrolment is free; yearly contributions follow the city’s rate for that year.',
      },
    ],
    steps: standardSteps,
  },
  {
    code: 'CAB-ELD',
    nameZh: '老年人优待证办理',
    nameEn: 'Senior citizen concession card',
    audience: 'citizen',
    department: 'CAB',
    // Civil affairs and public security both sign the joint review (会签).
    processKey: 'senior-card',
    promisedDays: 3,
    statutoryDays: 5,
    feeFen: 0,
    onlineLevel: 'full_online',
    lifeEvents: ['elderly'],
    legalBasis: [
      {
        zh: '《中华人民共和国老年人权益保障法》第五十七条',
        en: 'Law on the Protection of the Rights and Interests of the Elderly, Article 57',
      },
      { zh: '《明湖市老年人优待办法》', en: 'Minghu City Measures on Concessions for the Elderly' },
    ],
    materials: [
      idCard('申请人', 'applicant'),
      material(
        'photo',
        ['近期免冠证件照', 'Recent passport-style photo'],
        false,
        [
          '用于制作实体卡；仅申领电子优待证的无需提交',
          'For the physical card; not needed for the electronic card only',
        ],
        false,
      ),
    ],
    guideZh:
      '年满60周岁的本市户籍老年人及在本市居住的常住老年人，可以申领老年人优待证，凭证享受公共交通、公园景区、医疗服务等优待。年满60周岁的本市户籍老年人，系统将主动推送电子优待证（免申即享）。',
    guideEn:
      'People aged 60 or over who are registered in or live in Minghu City may apply for the concession card, which gives concessions on public transport, parks and sights, and medical services. Registered residents turning 60 receive the electronic card automatically, without applying.',
    faq: [
      {
        qZh: '电子优待证和实体卡有什么区别？',
        aZh: '两者效力相同。电子优待证可在“通办”App中出示，实体卡适合不使用智能手机的老年人。',
        qEn: 'What is the difference between the electronic and the physical card?',
        aEn: 'They are equally valid. The e-card is shown in the Tongban app; the physical card suits those who do not use a smartphone.',
      },
      {
        qZh: '可以由子女代办吗？',
        aZh: '可以。子女可在本人授权后代为在线申请。',
        qEn: 'Can my children apply for me?',
        aEn: 'Yes, online, once you have authorised them.',
      },
    ],
    steps: [
      { nameZh: '网上申请', nameEn: 'Apply online' },
      { nameZh: '受理', nameEn: 'Acceptance' },
      {
        nameZh: '联合审核：民政部门与公安机关会签',
        nameEn: 'Joint review: civil affairs and public security both sign',
      },
      { nameZh: '发放优待证', nameEn: 'Card issued' },
    ],
  },
  {
    code: 'HC-BMC',
    nameZh: '出生医学证明签发',
    nameEn: 'Birth medical certificate',
    audience: 'citizen',
    department: 'HC',
    processKey: 'simple-approval',
    promisedDays: 1,
    statutoryDays: 5,
    feeFen: 0,
    onlineLevel: 'full_online',
    lifeEvents: ['birth'],
    legalBasis: [
      {
        zh: '《中华人民共和国母婴保健法》第二十三条',
        en: 'Law of the PRC on Maternal and Infant Health Care, Article 23',
      },
      {
        zh: '《国家卫生健康委办公厅关于做好出生医学证明首次签发工作的通知》',
        en: 'Notice of the National Health Commission on issuing birth medical certificates',
      },
    ],
    materials: [
      parentsId,
      material('birth_record', ['医疗机构分娩记录', 'Delivery record of the hospital'], false, [
        '助产机构已通过系统推送的，可先行受理后核对',
        'When the hospital has already sent it through the system, it is checked after acceptance',
      ]),
      marriageCertificate,
    ],
    guideZh:
      '在明湖市依法取得助产技术服务资质的医疗机构内出生的新生儿，由父母一方在线申请首次签发出生医学证明。卫生健康委员会核对分娩记录与父母身份后签发，承诺1个工作日内办结。出生医学证明是新生儿申报户口的依据，在“出生一件事”中与户口登记、医保参保一并办理，签发后直接共享给公安和医保部门。',
    guideEn:
      'For a baby born in a licensed maternity hospital in Minghu City, either parent applies online for the first issue of the birth medical certificate. The Health Commission checks the delivery record and the parents’ identity and issues it within one working day. The certificate is the basis of the baby’s household registration; in the newborn "one thing" bundle it is filed together with registration and medical insurance, and shared with the police and the medical insurance bureau once issued.',
    faq: [
      {
        qZh: '出生医学证明上的姓名可以修改吗？',
        aZh: '首次签发后一般不予更改；确需更改的，须持公安机关出具的姓名变更证明申请换发。请在申请前确定新生儿姓名。',
        qEn: 'Can the name on the certificate be changed later?',
        aEn: 'Usually not after the first issue; a change needs the police’s proof of the new name and a reissue. Decide the baby’s name before applying.',
      },
      {
        qZh: '父亲信息不详可以申请吗？',
        aZh: '可以。父亲信息可以不填，出生医学证明父亲栏目空缺。',
        qEn: 'Can I apply when the father is not known?',
        aEn: 'Yes. Leave the father’s details empty; that part of the certificate stays blank.',
      },
    ],
    steps: standardSteps,
  },
  {
    code: 'PSB-NB',
    nameZh: '新生儿出生登记（入户）',
    nameEn: 'Household registration of a newborn',
    audience: 'citizen',
    department: 'PSB',
    processKey: 'simple-approval',
    promisedDays: 3,
    statutoryDays: 10,
    feeFen: 0,
    onlineLevel: 'full_online',
    lifeEvents: ['birth', 'residence'],
    legalBasis: [
      {
        zh: '《中华人民共和国户口登记条例》第七条',
        en: 'Regulations of the PRC on Household Registration, Article 7',
      },
      { zh: '《明湖市户口迁移管理规定》', en: 'Minghu City Provisions on Household Registration Changes' },
    ],
    materials: [
      parentsId,
      hukouBook(true, [
        '拟落户的户口簿首页及户主页',
        'The cover and head-of-household pages of the register the baby joins',
      ]),
      orLicence(
        material('birth_certificate', ['出生医学证明', 'Birth medical certificate'], false, [
          '与出生医学证明一并申请的，由卫生健康部门签发后共享，无需上传',
          'Not needed when applied for in the same bundle: the Health Commission shares it once issued',
        ]),
        'birth_medical_certificate',
      ),
      marriageCertificate,
    ],
    guideZh:
      '婴儿出生后一个月以内，由户主、亲属、抚养人或者邻居向婴儿常住地户口登记机关申报出生登记。明湖市实行新生儿入户“网上办”，随父或随母落户均可，公安局承诺3个工作日内办结，户口簿可邮寄送达。',
    guideEn:
      'Within a month of the birth, the head of household, a relative or the carer registers the baby with the household registration office of the place where the baby will live. In Minghu City this is done online, joining either the father’s or the mother’s household; the Public Security Bureau completes it within three working days and can post the updated register.',
    faq: [
      {
        qZh: '超过一个月还能办理吗？',
        aZh: '可以，逾期申报的按程序办理，不影响落户，但请尽早申报以免影响医保参保等后续事项。',
        qEn: 'Can I still register after a month?',
        aEn: 'Yes, late registration is still accepted, but register early so that medical insurance and other services are not delayed.',
      },
      {
        qZh: '可以随母亲落户吗？',
        aZh: '可以。新生儿可以随父或随母申报常住户口。',
        qEn: 'Can the baby join the mother’s household?',
        aEn: 'Yes. A newborn can be registered in either the father’s or the mother’s household.',
      },
    ],
    steps: standardSteps,
  },
  {
    code: 'MIB-NB',
    nameZh: '新生儿城乡居民医保参保登记',
    nameEn: 'Medical insurance enrolment of a newborn',
    audience: 'citizen',
    department: 'MIB',
    processKey: 'simple-approval',
    promisedDays: 1,
    statutoryDays: 5,
    feeFen: 0,
    onlineLevel: 'full_online',
    lifeEvents: ['birth', 'social_security'],
    legalBasis: [
      { zh: '《中华人民共和国社会保险法》第二十五条', en: 'Social Insurance Law of the PRC, Article 25' },
      {
        zh: '《国家医保局关于做好新生儿参加基本医疗保险工作的通知》',
        en: 'Notice of the National Healthcare Security Administration on enrolling newborns',
      },
    ],
    materials: [
      parentsId,
      hukouBook(false, [
        '入户后提交新生儿户口页；与入户一并申请的可先行受理',
        'The baby’s page once registered; when filed with the registration it may follow',
      ]),
    ],
    guideZh:
      '新生儿自出生之日起可参加城乡居民基本医疗保险。出生后90天内参保缴费的，自出生之日起享受医保待遇。医疗保障局承诺1个工作日内办结，参保后可在“出生一件事”中同步申领电子社保卡。',
    guideEn:
      'Newborns can join resident basic medical insurance from birth. When enrolled and paid within 90 days of birth, cover starts on the day of birth. The Medical Insurance Bureau completes enrolment within one working day.',
    faq: [
      {
        qZh: '新生儿医保从什么时候开始报销？',
        aZh: '出生后90天内参保缴费的，自出生之日起产生的符合规定的医疗费用均可报销。',
        qEn: 'From when does the baby’s insurance pay?',
        aEn: 'When enrolled and paid within 90 days of birth, eligible costs from the day of birth are covered.',
      },
      {
        qZh: '新生儿医保怎么缴费？',
        aZh: '可选择银行代扣或在线缴费，缴费标准按当年度本市城乡居民医保个人缴费标准执行。',
        qEn: 'How is the contribution paid?',
        aEn: 'By bank deduction or online, at the city’s resident contribution rate for the year.',
      },
    ],
    steps: standardSteps,
  },
];
