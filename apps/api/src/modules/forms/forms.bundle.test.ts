import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { companySetupData, MOTHER_ID, newbornData } from '../../testing/bundles.ts';
import { demoApp, demoCitizen, demoEnterprise, residentId } from '../../testing/demo.ts';
import { type TestApp, TestClient } from '../../testing/harness.ts';
import { chooseBundleItems, getBundle } from '../catalogue/index.ts';
import { DEMO_CITIZEN_ID, DEMO_CREDIT_CODE } from '../identity/index.ts';
import { checkBundleData, formPartsOf, getBundleForm } from './forms.bundle.ts';
import { validateApplicationData } from './index.ts';

interface Field {
  pointer: string;
  fieldCode?: string;
  items: string[];
}

describe('one form for the items of a bundle (一表通)', () => {
  let t: TestApp;
  let anon: TestClient;
  const db = () => t.app.platform.db;
  const parts = async (code: string, items?: string[]) =>
    formPartsOf(chooseBundleItems((await getBundle(db(), code))!, items));
  const pointers = (res: { json(): { fields: Field[] } }) => res.json().fields.map((f) => f.pointer);

  before(async () => {
    t = await demoApp();
    anon = new TestClient(t.app, 'en');
  });
  after(async () => t.close());

  test('a dictionary field several items ask for is asked once; each item keeps its own fields', async () => {
    const res = await anon.get('/api/v1/bundles/company-setup/form');
    assert.equal(res.statusCode, 200, res.body);
    const form = res.json();
    assert.deepEqual(
      form.items.map((i: { code: string }) => i.code),
      ['SAMR-BL', 'TAX-REG', 'HRSS-SSA'],
    );
    assert.deepEqual(form.schema.properties.shared.required, [
      'companyName',
      'legalRepName',
      'phone',
      'creditCode',
    ]);
    assert.deepEqual(pointers(res), [
      '/shared/companyName',
      '/SAMR-BL/company/enterpriseType',
      '/SAMR-BL/company/registeredCapitalFen',
      '/SAMR-BL/company/businessScope',
      '/SAMR-BL/company/registeredAddress',
      '/SAMR-BL/company/regionCode',
      '/shared/legalRepName',
      '/SAMR-BL/legalRep/idNumber',
      '/shared/phone',
      '/shared/email',
      '/shared/creditCode',
      '/shared/address',
      '/TAX-REG/tax/taxpayerType',
      '/TAX-REG/tax/financeOfficerName',
      '/TAX-REG/tax/invoicesNeeded',
      '/HRSS-SSA/insurance/employeeCount',
      '/HRSS-SSA/insurance/bankAccount',
    ]);
    const companyName = form.fields.find((f: Field) => f.pointer === '/shared/companyName');
    assert.deepEqual(companyName.items, ['SAMR-BL', 'TAX-REG', 'HRSS-SSA']);
    assert.deepEqual(form.fields.find((f: Field) => f.pointer === '/shared/creditCode').items, [
      'TAX-REG',
      'HRSS-SSA',
    ]);
    // Every shared field once; the enterprise section of tax and social insurance was all shared.
    assert.equal(new Set(pointers(res)).size, form.fields.length);
    assert.deepEqual(Object.keys(form.schema.properties['TAX-REG'].properties), ['tax']);
    assert.deepEqual(form.uiSchema['ui:order'], ['shared', 'SAMR-BL', 'TAX-REG', 'HRSS-SSA']);
    assert.equal(form.schema.properties.shared.title, 'Shared details');
    assert.equal(form.schema.properties['SAMR-BL'].title, 'Company registration (business licence)');
    assert.equal(form.uiSchema['HRSS-SSA'].insurance.bankAccount['ui:help'].includes('basic deposit'), true);
    assert.equal(form.prefill, null, 'no pre-fill without signing in');
  });

  test('leaving out an optional item removes its fields; what only one item still asks is its own', async () => {
    const res = await anon.get('/api/v1/bundles/company-setup/form?items=SAMR-BL,TAX-REG');
    assert.equal(res.statusCode, 200, res.body);
    const all = pointers(res);
    assert.equal(
      all.some((p: string) => p.startsWith('/HRSS-SSA/')),
      false,
    );
    assert.equal(all.includes('/shared/creditCode'), false);
    assert.ok(all.includes('/TAX-REG/enterprise/creditCode'), 'the credit code is now only the tax form’s');
    assert.ok(all.includes('/shared/companyName'));
    assert.equal(res.json().schema.properties['HRSS-SSA'], undefined);

    const newborn = await anon.get('/api/v1/bundles/newborn/form?items=HC-BMC,PSB-NB');
    assert.ok(pointers(newborn).includes('/PSB-NB/household/regionCode'));
    assert.equal(pointers(newborn).includes('/shared/regionCode'), false);
  });

  test('required items cannot be left out, strangers and unknown bundles are refused with coded errors', async () => {
    const zh = new TestClient(t.app, 'zh-CN');
    const required = await zh.get('/api/v1/bundles/company-setup/form?items=SAMR-BL,HRSS-SSA');
    assert.equal(required.statusCode, 422);
    assert.equal(required.json().error.code, 'BUNDLE_ITEM_REQUIRED');
    assert.equal(required.json().error.message, '事项 TAX-REG 是该一件事的必办事项，不能取消');
    const stranger = await anon.get('/api/v1/bundles/company-setup/form?items=SAMR-BL,TAX-REG,HPF-WD');
    assert.equal(stranger.json().error.code, 'BUNDLE_ITEM_UNKNOWN');
    assert.equal((await anon.get('/api/v1/bundles/nope/form')).json().error.code, 'BUNDLE_NOT_FOUND');
    const malformed = await anon.get('/api/v1/bundles/newborn/form?items=hc-bmc;drop');
    assert.equal(malformed.json().error.code, 'VALIDATION_FAILED');
  });

  test('the server checks the combined data with the same schema: every error once, at its combined place', async () => {
    const res = await anon.post('/api/v1/bundles/company-setup/form/validate', {
      data: { shared: { phone: '123' }, 'TAX-REG': { tax: { taxpayerType: 'huge' } }, extra: 1 },
    });
    assert.equal(res.statusCode, 200, res.body);
    const errors = res.json().errors as { pointer: string; code: string; message: string }[];
    const at = (pointer: string) => errors.filter((e) => e.pointer === pointer).map((e) => e.code);
    assert.deepEqual(at('/shared/companyName'), ['required']);
    assert.deepEqual(at('/shared/phone'), ['cn-mobile']);
    assert.deepEqual(at('/TAX-REG/tax/taxpayerType'), ['enum']);
    assert.deepEqual(at('/SAMR-BL/company/enterpriseType'), ['required']);
    assert.deepEqual(at('/extra'), ['additionalProperties']);
    assert.equal(
      errors.find((e) => e.pointer === '/shared/companyName')?.message,
      'Company name is required',
    );
    // The same field the three items require is reported once, not three times.
    assert.equal(errors.filter((e) => e.pointer.endsWith('/companyName')).length, 1);
    const valid = await anon.post('/api/v1/bundles/company-setup/form/validate', {
      data: companySetupData(),
    });
    assert.deepEqual(valid.json(), { errors: [] });
    const twoItems = '/api/v1/bundles/company-setup/form/validate?items=SAMR-BL,TAX-REG';
    const stale = (await anon.post(twoItems, { data: companySetupData() })).json().errors;
    assert.ok(
      stale.some((e: { pointer: string; code: string }) => e.pointer === '/HRSS-SSA'),
      'answers for a left-out item are not part of the form',
    );
    const fitting = await anon.post(twoItems, { data: companySetupData(['SAMR-BL', 'TAX-REG']) });
    assert.deepEqual(fitting.json(), { errors: [] });
  });

  test('the combined data splits back into exactly each item’s own form data', async () => {
    const company = await checkBundleData(db(), await parts('company-setup'), companySetupData(), 'en');
    const itemData: Record<string, Record<string, unknown>> = company.itemData;
    assert.deepEqual(company.errors, []);
    const enterprise = {
      companyName: '明湖云帆科技有限公司',
      creditCode: DEMO_CREDIT_CODE,
      legalRepName: '李云帆',
      phone: '13900139000',
      address: '东湖区明湖路8号创业大厦',
    };
    assert.deepEqual(company.itemData, {
      'SAMR-BL': {
        company: {
          companyName: '明湖云帆科技有限公司',
          enterpriseType: 'limited_liability',
          registeredCapitalFen: 100_000_000,
          businessScope: '软件开发；信息技术咨询服务',
          registeredAddress: '东湖区明湖路8号创业大厦1201室',
          regionCode: '339001',
        },
        legalRep: {
          legalRepName: '李云帆',
          idNumber: residentId(71),
          phone: '13900139000',
        },
      },
      'TAX-REG': {
        enterprise,
        tax: { taxpayerType: 'small_scale', financeOfficerName: '王会计', invoicesNeeded: true },
      },
      'HRSS-SSA': {
        enterprise,
        insurance: { employeeCount: 5, bankAccount: '6222020200112233445' },
      },
    });
    // Each part is valid on the item's own form: the departments check what they always check.
    for (const p of await parts('company-setup')) {
      assert.deepEqual(await validateApplicationData(db(), p.itemId, itemData[p.code]!, 'en'), [], p.code);
    }
    // The parts are copies: changing one item's data changes no other's.
    (itemData['TAX-REG']!.enterprise as Record<string, unknown>).phone = '13700000000';
    assert.equal((itemData['HRSS-SSA']!.enterprise as Record<string, unknown>).phone, '13900139000');

    const two = await checkBundleData(
      db(),
      await parts('newborn', ['HC-BMC', 'PSB-NB']),
      newbornData(['HC-BMC', 'PSB-NB']),
      'zh-CN',
    );
    assert.deepEqual(two.errors, []);
    assert.deepEqual(Object.keys(two.itemData), ['HC-BMC', 'PSB-NB']);
    assert.deepEqual(two.itemData['PSB-NB'], {
      newborn: { childName: '张小禾', childSex: 'female', childBirthDate: '2026-11-01', ethnicity: '汉族' },
      parents: {
        motherName: '李娜',
        motherIdNumber: MOTHER_ID,
        fatherName: '张明',
        fatherIdNumber: DEMO_CITIZEN_ID,
      },
      household: {
        householdAddress: '东湖区明湖路1号',
        regionCode: '339001',
        householdHeadName: '张明',
        relationToHead: 'child',
      },
      applicant: { name: '张明', idNumber: DEMO_CITIZEN_ID, phone: '13800138000' },
    });
  });

  test('optional fields left empty stay absent from every item, as on the item’s own form', async () => {
    const data = newbornData();
    const shared = data.shared as Record<string, unknown>;
    delete shared.fatherName;
    delete shared.fatherIdNumber;
    const { errors, itemData } = await checkBundleData(db(), await parts('newborn'), data, 'en');
    assert.deepEqual(errors, []);
    assert.deepEqual(itemData['HC-BMC']!.parents, { motherName: '李娜', motherIdNumber: MOTHER_ID });
    assert.equal('parents' in itemData['MIB-NB']!, false, 'the insurance form has no parents section');
  });

  test('invalid data yields field errors and no split', async () => {
    const data = newbornData();
    const wrongCheckDigit = `${MOTHER_ID.slice(0, 17)}${MOTHER_ID[17] === '0' ? '1' : '0'}`;
    (data.shared as Record<string, unknown>).motherIdNumber = wrongCheckDigit;
    const { errors, itemData } = await checkBundleData(db(), await parts('newborn'), data, 'zh-CN');
    assert.deepEqual(
      errors.map((e) => [e.pointer, e.code]),
      [['/shared/motherIdNumber', 'cn-resident-id']],
    );
    assert.equal(errors[0]!.message, '身份证号码校验位不正确');
    assert.deepEqual(itemData, {});
  });

  test('the same combination of form versions is composed once and served as the same schema', async () => {
    const a = await getBundleForm(db(), await parts('newborn'), 'en');
    const b = await getBundleForm(db(), await parts('newborn'), 'en');
    assert.equal(a, b);
    assert.notEqual(await getBundleForm(db(), await parts('newborn'), 'zh-CN'), a);
  });

  test('a signed-in applicant gets one pre-fill for the shared fields, from the profile, audited', async () => {
    const enterprise = await demoEnterprise(t.app);
    const res = await enterprise.get('/api/v1/bundles/company-setup/form');
    const { prefill } = res.json();
    assert.equal(prefill.values.shared.companyName, '明湖云帆科技有限公司');
    assert.equal(prefill.values.shared.creditCode, DEMO_CREDIT_CODE);
    assert.equal(prefill.values.shared.legalRepName, '李云帆');
    assert.equal(prefill.sources['/shared/companyName'], 'profile');
    assert.equal(
      Object.keys(prefill.sources).some((p) => p.startsWith('/TAX-REG/enterprise')),
      false,
    );

    const citizen = await demoCitizen(t.app);
    const newborn = (await citizen.get('/api/v1/bundles/newborn/form')).json().prefill;
    assert.deepEqual(newborn.values.shared, {
      name: '张明',
      idNumber: DEMO_CITIZEN_ID,
      phone: '13800138000',
    });
    const { rows } = await sql<{ details: { bundleCode?: string; fields: string[] } }>`
      SELECT details FROM audit_entries WHERE action = 'forms.prefill'`.execute(db());
    const audited = rows.map((r) => r.details).filter((d) => d.bundleCode === 'newborn');
    assert.equal(audited.length, 1);
    // The household address comes from the citizen's 户口簿 (an e-licence the demo seeds), named as the source.
    assert.deepEqual(audited[0]!.fields.sort(), [
      '/PSB-NB/household/householdAddress',
      '/shared/idNumber',
      '/shared/name',
      '/shared/phone',
    ]);
    assert.equal(newborn.sources['/PSB-NB/household/householdAddress'].typeNameZh, '户口簿');
  });
});
