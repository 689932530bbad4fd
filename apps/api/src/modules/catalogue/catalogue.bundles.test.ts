import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestApp, type TestApp, TestClient } from '../../testing/harness.ts';
import { seedDemoOrg } from '../org/index.ts';
import { chooseBundleItems, getBundle, seedDemoCatalogue } from './index.ts';

describe('life-event bundles in the catalogue', () => {
  let t: TestApp;
  let anon: TestClient;

  before(async () => {
    t = await createTestApp();
    await seedDemoOrg(t.database.db);
    await seedDemoCatalogue(t.database.db);
    anon = new TestClient(t.app, 'en');
  });
  after(async () => t.close());

  test('lists the bundles to anyone with their items in order, required or optional', async () => {
    const res = await anon.get('/api/v1/bundles');
    assert.equal(res.statusCode, 200);
    const { items, nextCursor } = res.json();
    assert.equal(nextCursor, null);
    assert.deepEqual(
      items.map((b: { code: string; items: { code: string; required: boolean }[] }) => [
        b.code,
        b.items.map((i) => `${i.code}${i.required ? '' : '?'}`),
      ]),
      [
        ['company-setup', ['SAMR-BL', 'TAX-REG', 'HRSS-SSA?']],
        ['newborn', ['HC-BMC', 'PSB-NB', 'MIB-NB?']],
      ],
    );
    const newborn = items[1];
    assert.equal(newborn.audience, 'citizen');
    assert.equal(newborn.lifeEvent, 'birth');
    assert.equal(newborn.items[0].departmentNameEn, 'Health Commission');
  });

  test('filters by life event and audience, and pages with a cursor', async () => {
    const birth = (await anon.get('/api/v1/bundles?lifeEvent=birth')).json();
    assert.deepEqual(
      birth.items.map((b: { code: string }) => b.code),
      ['newborn'],
    );
    const enterprise = (await anon.get('/api/v1/bundles?audience=enterprise')).json();
    assert.deepEqual(
      enterprise.items.map((b: { code: string }) => b.code),
      ['company-setup'],
    );
    const first = (await anon.get('/api/v1/bundles?limit=1')).json();
    assert.equal(first.items.length, 1);
    const second = (await anon.get(`/api/v1/bundles?limit=1&cursor=${first.nextCursor}`)).json();
    assert.deepEqual(
      [...first.items, ...second.items].map((b: { code: string }) => b.code),
      ['company-setup', 'newborn'],
    );
    assert.equal(second.nextCursor, null);
    assert.equal((await anon.get('/api/v1/bundles?cursor=nonsense')).json().error.code, 'CURSOR_INVALID');
  });

  test('the guide merges the materials: each code once, with the items that need it', async () => {
    const res = await anon.get('/api/v1/bundles/company-setup');
    assert.equal(res.statusCode, 200);
    const g = res.json();
    assert.ok(g.guideZh.includes('企业开办'));
    assert.ok(g.faq.length >= 2);
    assert.equal(g.promisedDays, 1);
    const byCode = new Map(g.materials.map((m: { code: string }) => [m.code, m]));
    assert.equal(new Set(g.materials.map((m: { code: string }) => m.code)).size, g.materials.length);
    assert.deepEqual(byCode.get('legal_rep_id'), {
      code: 'legal_rep_id',
      nameZh: '法定代表人身份证件',
      nameEn: 'ID of the legal representative',
      descriptionZh: '有效期内的居民身份证',
      descriptionEn: 'A valid resident ID card',
      critical: true,
      required: true,
      acceptedFormats: ['pdf', 'jpg', 'png'],
      items: ['TAX-REG', 'HRSS-SSA'],
      issuedBy: null,
    });
    // The business licence is what the company registration issues: nobody uploads it.
    const licence = byCode.get('business_licence') as Record<string, unknown>;
    assert.deepEqual([licence.issuedBy, licence.critical, licence.required], ['SAMR-BL', false, false]);
    assert.deepEqual(licence.items, ['TAX-REG', 'HRSS-SSA']);
  });

  test('an unknown bundle is a coded 404 in the caller’s language', async () => {
    const res = await new TestClient(t.app, 'zh-CN').get('/api/v1/bundles/nope');
    assert.equal(res.statusCode, 404);
    assert.deepEqual(res.json().error, { code: 'BUNDLE_NOT_FOUND', message: '该一件事不存在' });
    assert.equal((await anon.get('/api/v1/bundles/Not_A_Code')).json().error.code, 'VALIDATION_FAILED');
  });

  test('choosing items: optional ones may be left out, required ones and strangers are refused', async () => {
    const bundle = (await getBundle(t.database.db, 'newborn'))!;
    assert.deepEqual(
      chooseBundleItems(bundle).map((e) => e.item.code),
      ['HC-BMC', 'PSB-NB', 'MIB-NB'],
    );
    assert.deepEqual(
      chooseBundleItems(bundle, ['psb-nb', 'HC-BMC']).map((e) => e.item.code),
      ['HC-BMC', 'PSB-NB'],
    );
    assert.throws(() => chooseBundleItems(bundle, ['HC-BMC', 'MIB-NB']), { code: 'BUNDLE_ITEM_REQUIRED' });
    assert.throws(() => chooseBundleItems(bundle, ['HC-BMC', 'PSB-NB', 'HPF-WD']), {
      code: 'BUNDLE_ITEM_UNKNOWN',
    });
  });

  test('seeding again keeps the bundles and their ids', async () => {
    const before = await getBundle(t.database.db, 'company-setup');
    await seedDemoCatalogue(t.database.db);
    assert.deepEqual(await getBundle(t.database.db, 'company-setup'), before);
  });
});
