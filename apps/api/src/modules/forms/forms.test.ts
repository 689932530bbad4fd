import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { creditCodeCheckChar, residentIdCheckChar } from '@tongban/contracts';
import { inTransaction } from '../../platform/db.ts';
import { createTestApp, type TestApp, TestClient } from '../../testing/harness.ts';
import { listAuditEntries } from '../audit/index.ts';
import { getServiceItem, seedDemoCatalogue } from '../catalogue/index.ts';
import { seedDemoOrg } from '../org/index.ts';
import { DEMO_FORMS } from './forms.demo.ts';
import { formVariables, saveFormDefinition, seedDemoForms, validateApplicationData } from './index.ts';

const ID_NUMBER = `33900119900307123${residentIdCheckChar('33900119900307123')}`;
const WRONG_CHECK_DIGIT = `${ID_NUMBER.slice(0, 17)}${ID_NUMBER[17] === '0' ? '1' : '0'}`;

const CREDIT_BODY = '91339000MA2B3C4D5';
const WRONG_CREDIT_CODE = `${CREDIT_BODY}${creditCodeCheckChar(CREDIT_BODY) === '0' ? '1' : '0'}`;

interface FieldErr {
  pointer: string;
  code: string;
  message: string;
}

const validResidenceData = () => ({
  applicant: {
    name: '李华',
    idNumber: ID_NUMBER,
    sex: 'male',
    birthDate: '1990-03-07',
    phone: '13800138000',
  },
  residence: {
    residenceAddress: '东湖区明湖路1号',
    regionCode: '339001',
    residenceMonths: 8,
    basis: 'employment',
  },
});

describe('service forms', () => {
  let t: TestApp;
  let anon: TestClient;

  before(async () => {
    t = await createTestApp();
    const { db } = t.database;
    await seedDemoOrg(db);
    await seedDemoCatalogue(db);
    await seedDemoForms(db);
    anon = new TestClient(t.app, 'en');
  });
  after(async () => t.close());

  test('serves the form schema with titles in the request language', async () => {
    const en = (await anon.get('/api/v1/services/PSB-RP/form')).json();
    const zh = (await new TestClient(t.app, 'zh-CN').get('/api/v1/services/PSB-RP/form')).json();
    assert.equal(en.version, 1);
    assert.equal(zh.version, 1);
    assert.equal(en.schema.properties.residence.title, 'Residence');
    assert.equal(zh.schema.properties.residence.title, '居住情况');
    assert.equal(en.schema.properties.residence.properties.residenceMonths.type, 'integer');
    assert.equal(zh.schema.properties.applicant.properties.idNumber.title, '公民身份号码');
    assert.deepEqual(zh.uiSchema.residence.basis['ui:enumNames'], [
      '合法稳定就业',
      '合法稳定住所',
      '连续就读',
    ]);
    assert.deepEqual(
      en.fields.find((f: { pointer: string }) => f.pointer === '/residence/residenceMonths'),
      {
        pointer: '/residence/residenceMonths',
        fieldCode: 'residenceMonths',
        labelZh: '已连续居住月数',
        labelEn: 'Months lived here without a break',
        sensitivity: 2,
      },
    );
    assert.equal(en.prefill, null, 'nothing is pre-filled for an anonymous visitor');
  });

  test('an unknown service has no form', async () => {
    const res = await anon.get('/api/v1/services/NOPE-1/form');
    assert.equal(res.statusCode, 404);
    assert.equal(res.json().error.code, 'SERVICE_NOT_FOUND');
  });

  test('valid data has no errors', async () => {
    const res = await anon.post('/api/v1/services/PSB-RP/form/validate', { data: validResidenceData() });
    assert.equal(res.statusCode, 200);
    assert.deepEqual(res.json(), { errors: [] });
  });

  test('returns every field error at once, with pointers, in English', async () => {
    const data = {
      applicant: {
        idNumber: WRONG_CHECK_DIGIT,
        sex: 'other',
        birthDate: '1990-3-7',
        phone: '12345',
        nickname: 'x',
      },
      residence: {
        residenceAddress: '东湖区明湖路1号',
        regionCode: '33',
        residenceMonths: '8',
        basis: 'employment',
      },
      pets: 2,
    };
    const res = await anon.post('/api/v1/services/PSB-RP/form/validate', { data });
    assert.equal(res.statusCode, 200);
    const errors: FieldErr[] = res.json().errors;
    const by = (pointer: string) => errors.find((e) => e.pointer === pointer);
    assert.deepEqual(by('/applicant/name'), {
      pointer: '/applicant/name',
      code: 'required',
      message: 'Full name is required',
    });
    assert.deepEqual(by('/applicant/idNumber'), {
      pointer: '/applicant/idNumber',
      code: 'cn-resident-id',
      message: 'The check digit of the ID number is wrong',
    });
    assert.equal(by('/applicant/phone')?.message, 'The mobile number must be 11 digits starting with 1');
    assert.equal(by('/applicant/birthDate')?.message, 'The date must be written as YYYY-MM-DD');
    assert.equal(by('/applicant/sex')?.message, 'Choose one of the listed options');
    assert.equal(by('/applicant/nickname')?.message, 'This field is not part of the form');
    assert.equal(by('/pets')?.code, 'additionalProperties');
    assert.equal(by('/residence/regionCode')?.message, 'A region code is 6 digits, e.g. 339001');
    assert.equal(by('/residence/residenceMonths')?.code, 'type', 'text is not a number: no coercion');
    assert.equal(errors.length, 9);
  });

  test('localizes the same errors in Chinese', async () => {
    const zh = new TestClient(t.app, 'zh-CN');
    const data = validResidenceData();
    data.applicant.idNumber = WRONG_CHECK_DIGIT;
    const { applicant } = data;
    const res = await zh.post('/api/v1/services/PSB-RP/form/validate', {
      data: { ...data, applicant: { ...applicant, name: undefined, phone: '1380013800' } },
    });
    const errors: FieldErr[] = res.json().errors;
    assert.deepEqual(errors.map((e) => [e.pointer, e.message]).sort(), [
      ['/applicant/idNumber', '身份证号码校验位不正确'],
      ['/applicant/name', '请填写姓名'],
      ['/applicant/phone', '手机号码应为以1开头的11位数字'],
    ]);
  });

  test('a missing section reports each of its required fields', async () => {
    const res = await anon.post('/api/v1/services/HPF-WD/form/validate', { data: {} });
    const pointers = res
      .json()
      .errors.map((e: FieldErr) => e.pointer)
      .sort();
    assert.deepEqual(pointers, [
      '/applicant/idNumber',
      '/applicant/name',
      '/applicant/phone',
      '/withdrawal/amountFen',
      '/withdrawal/bankAccount',
      '/withdrawal/bankName',
      '/withdrawal/withdrawalReason',
    ]);
  });

  test('explains what is wrong with a credit code', async () => {
    const res = await new TestClient(t.app, 'zh-CN').post('/api/v1/services/TAX-REG/form/validate', {
      data: { enterprise: { creditCode: WRONG_CREDIT_CODE } },
    });
    const credit = res.json().errors.find((e: FieldErr) => e.pointer === '/enterprise/creditCode');
    assert.deepEqual(credit, {
      pointer: '/enterprise/creditCode',
      code: 'cn-credit-code',
      message: '统一社会信用代码校验位不正确',
    });
  });

  test('the request itself must be { data: object }', async () => {
    const res = await anon.post('/api/v1/services/PSB-RP/form/validate', { data: [], extra: 1 });
    assert.equal(res.statusCode, 400);
    assert.equal(res.json().error.code, 'VALIDATION_FAILED');
  });

  test('the applications module gets the same answer from validateApplicationData', async () => {
    const item = (await getServiceItem(t.database.db, 'PSB-RP'))!;
    const data = { applicant: { name: '李华' } };
    const direct = await validateApplicationData(t.database.db, item.id, data, 'en');
    const http = (await anon.post('/api/v1/services/PSB-RP/form/validate', { data })).json().errors;
    assert.deepEqual(direct, http);
    assert.deepEqual(data, { applicant: { name: '李华' } }, "the caller's data is not changed");
  });

  test('gives workflows the values by field key, whatever section they are in', async () => {
    const item = (await getServiceItem(t.database.db, 'PSB-RP'))!;
    const variables = await formVariables(t.database.db, item.id, validResidenceData());
    assert.equal(variables.residenceMonths, 8);
    assert.equal(variables.basis, 'employment');
    assert.equal(variables.idNumber, ID_NUMBER);
    assert.equal(variables.employerName, undefined, 'a field left empty is absent');
    assert.equal(variables.residence, undefined, 'sections are not variables');
  });

  test('a changed definition becomes a new version; an unchanged one does not', async () => {
    const item = (await getServiceItem(t.database.db, 'CAB-ELD'))!;
    const def = DEMO_FORMS['CAB-ELD']!;
    assert.equal(await saveFormDefinition(t.database.db, item.id, def), 1);
    const changed = {
      sections: [
        ...def.sections,
        { key: 'note', titleZh: '备注', titleEn: 'Note', fields: [{ field: 'email' }] },
      ],
    };
    assert.equal(await saveFormDefinition(t.database.db, item.id, changed), 2);
    const form = (await anon.get('/api/v1/services/CAB-ELD/form')).json();
    assert.equal(form.version, 2);
    assert.equal(form.schema.properties.note.properties.email.format, 'email');
  });

  describe('pre-fill', () => {
    const citizen = new (class {
      client!: TestClient;
      accountId!: string;
    })();

    async function submitted(caseNumber: string, code: string, formData: Record<string, unknown>) {
      const item = (await getServiceItem(t.database.db, code))!;
      const caseId = crypto.randomUUID();
      await inTransaction(t.database.db, (tx) =>
        t.app.platform.outbox.enqueue(tx, 'application.submitted', {
          caseId,
          caseNumber,
          applicantId: citizen.accountId,
          itemId: item.id,
          formData,
        }),
      );
      await t.app.platform.outbox.drain();
      return caseId;
    }

    before(async () => {
      citizen.client = new TestClient(t.app, 'zh-CN');
      const signup = await citizen.client.post('/api/v1/auth/signup/citizen', {
        name: '李华',
        idNumber: ID_NUMBER,
        phone: '13800138000',
        password: 'Minghu2026pass',
      });
      assert.ok(signup.statusCode < 300, signup.body);
      const signin = await citizen.client.post('/api/v1/auth/signin', {
        login: ID_NUMBER,
        password: 'Minghu2026pass',
      });
      assert.equal(signin.statusCode, 200, signin.body);
      citizen.accountId = (await citizen.client.get('/api/v1/me')).json().account.id;
    });

    test('fills identity fields from the real-name profile, and audits the read', async () => {
      const form = (await citizen.client.get('/api/v1/services/PSB-RP/form')).json();
      assert.deepEqual(form.prefill.values.applicant, {
        name: '李华',
        idNumber: ID_NUMBER,
        sex: 'male',
        birthDate: '1990-03-07',
        phone: '13800138000',
      });
      assert.equal(form.prefill.sources['/applicant/idNumber'], 'profile');
      assert.equal(form.prefill.sources['/residence/residenceMonths'], undefined);
      const { items } = await listAuditEntries(t.database.db, {
        subjectType: 'account',
        subjectId: citizen.accountId,
      });
      assert.ok(
        items.some((e) => e.action === 'forms.prefill' && e.personalData && e.actorId === citizen.accountId),
      );
    });

    test('fills other fields from the latest earlier application and names the case', async () => {
      const first = await submitted('MH-2026-000001', 'PSB-RP', {
        ...validResidenceData(),
        applicant: { ...validResidenceData().applicant, name: '王五', phone: '13900139000' },
        residence: { ...validResidenceData().residence, employerName: '明湖旧公司' },
      });
      const second = await submitted('MH-2026-000002', 'HRSS-UB', {
        applicant: { name: '李华', idNumber: ID_NUMBER, phone: '13900139001', address: '西湖区湖滨路8号' },
        employment: { employerName: '明湖云帆科技有限公司', unemploymentDate: '2026-10-31' },
        payment: { bankAccount: '6222021234567890123' },
      });
      const form = (await citizen.client.get('/api/v1/services/HRSS-UB/form')).json();
      const { values, sources } = form.prefill;
      assert.equal(values.applicant.name, '李华', 'the verified profile wins for identity fields');
      assert.equal(sources['/applicant/name'], 'profile');
      assert.equal(values.applicant.phone, '13900139001', 'the newer phone typed in a case wins');
      assert.deepEqual(sources['/applicant/phone'], { caseId: second, caseNumber: 'MH-2026-000002' });
      assert.equal(values.employment.employerName, '明湖云帆科技有限公司');
      assert.equal(values.applicant.address, '西湖区湖滨路8号');
      assert.equal(values.payment, undefined, 'a grade-4 bank account is never pre-filled from history');
      assert.equal(sources['/payment/bankAccount'], undefined);

      const residence = (await citizen.client.get('/api/v1/services/PSB-RP/form')).json().prefill;
      assert.equal(residence.values.residence.residenceMonths, 8);
      assert.deepEqual(residence.sources['/residence/residenceMonths'], {
        caseId: first,
        caseNumber: 'MH-2026-000001',
      });
      assert.equal(
        residence.values.residence.employerName,
        '明湖云帆科技有限公司',
        'the latest value per field',
      );
    });

    test('values corrected after a return for supplement are remembered too', async () => {
      const item = (await getServiceItem(t.database.db, 'PSB-RP'))!;
      const caseId = crypto.randomUUID();
      await inTransaction(t.database.db, (tx) =>
        t.app.platform.outbox.enqueue(tx, 'application.supplemented', {
          caseId,
          caseNumber: 'MH-2026-000009',
          applicantId: citizen.accountId,
          itemId: item.id,
          formData: { residence: { residenceMonths: 9 } },
        }),
      );
      await t.app.platform.outbox.drain();
      const { prefill } = (await citizen.client.get('/api/v1/services/PSB-RP/form')).json();
      assert.equal(prefill.values.residence.residenceMonths, 9);
      assert.deepEqual(prefill.sources['/residence/residenceMonths'], {
        caseId,
        caseNumber: 'MH-2026-000009',
      });
    });

    test('a grade-4 value is not even kept', async () => {
      await submitted('MH-2026-000003', 'HPF-WD', {
        applicant: { name: '李华', idNumber: ID_NUMBER, phone: '13800138000' },
        withdrawal: {
          withdrawalReason: 'rent',
          amountFen: 1200000,
          bankAccount: '6222021234567890123',
          bankName: '明湖银行',
        },
      });
      const form = (await citizen.client.get('/api/v1/services/HPF-WD/form')).json();
      assert.deepEqual(form.prefill.values.withdrawal, { withdrawalReason: 'rent', amountFen: 1200000 });
      const kept = await t.database.db
        .selectFrom('forms_remembered_values')
        .select('field_code')
        .where('account_id', '=', citizen.accountId)
        .execute();
      assert.ok(!kept.some((r: { field_code: string }) => r.field_code === 'bankAccount'));
    });
  });
});
