import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestApp, type TestApp, TestClient } from '../../testing/harness.ts';
import { seedDemoOrg } from '../org/index.ts';
import { getServiceItem, seedDemoCatalogue } from './index.ts';

interface Summary {
  id: string;
  code: string;
  audience: string;
  departmentCode: string;
  departmentNameZh: string;
  categories: string[];
}

describe('service catalogue', () => {
  let t: TestApp;
  let anon: TestClient;
  const codes = (res: { json(): { items: Summary[] } }) => res.json().items.map((i) => i.code);

  before(async () => {
    t = await createTestApp();
    await seedDemoOrg(t.database.db);
    await seedDemoCatalogue(t.database.db);
    anon = new TestClient(t.app, 'en');
  });
  after(async () => t.close());

  test('lists every demo item in code order to anyone, with department names', async () => {
    const res = await anon.get('/api/v1/services');
    assert.equal(res.statusCode, 200);
    assert.deepEqual(codes(res), [
      'CAB-ELD',
      'HC-BMC',
      'HCD-CP',
      'HPF-WD',
      'HRSS-SSA',
      'HRSS-UB',
      'MIB-NB',
      'MIB-REG',
      'PSB-NB',
      'PSB-RP',
      'SAMR-BL',
      'TAX-REG',
    ]);
    assert.equal(res.json().nextCursor, null);
    const hcd = res.json().items.find((i: Summary) => i.code === 'HCD-CP');
    assert.equal(hcd.departmentCode, 'HCD');
    assert.equal(hcd.departmentNameZh, '住房和城乡建设局');
    assert.equal(hcd.promisedDays, 3);
    assert.equal(hcd.feeFen, 0);
    assert.deepEqual(hcd.categories, ['construction']);
  });

  test('searches Chinese names, English names and codes', async () => {
    assert.deepEqual(codes(await anon.get(`/api/v1/services?q=${encodeURIComponent('公积金')}`)), ['HPF-WD']);
    assert.deepEqual(codes(await anon.get('/api/v1/services?q=permit')), ['HCD-CP', 'PSB-RP']);
    assert.deepEqual(codes(await anon.get('/api/v1/services?q=hcd')), ['HCD-CP']);
    assert.deepEqual(codes(await anon.get(`/api/v1/services?q=${encodeURIComponent('居住证')}`)), ['PSB-RP']);
  });

  test('treats LIKE wildcards in the search as plain text', async () => {
    assert.deepEqual(codes(await anon.get('/api/v1/services?q=%25')), []);
    assert.deepEqual(codes(await anon.get('/api/v1/services?q=_')), []);
  });

  test('filters by audience, life event and department, combined', async () => {
    assert.deepEqual(codes(await anon.get('/api/v1/services?audience=enterprise')), [
      'HCD-CP',
      'HRSS-SSA',
      'SAMR-BL',
      'TAX-REG',
    ]);
    assert.deepEqual(codes(await anon.get('/api/v1/services?category=start_business')), [
      'HRSS-SSA',
      'SAMR-BL',
      'TAX-REG',
    ]);
    assert.deepEqual(codes(await anon.get('/api/v1/services?department=HRSS')), ['HRSS-SSA', 'HRSS-UB']);
    assert.deepEqual(codes(await anon.get('/api/v1/services?department=HRSS&audience=citizen')), ['HRSS-UB']);
    assert.deepEqual(codes(await anon.get('/api/v1/services?category=social_security&q=insurance')), [
      'HRSS-SSA',
      'HRSS-UB',
      'MIB-NB',
      'MIB-REG',
    ]);
  });

  test('pages with a cursor until every item was seen once', async () => {
    const seen: string[] = [];
    let url = '/api/v1/services?limit=4';
    let pages = 0;
    for (;;) {
      const res = await anon.get(url);
      assert.equal(res.statusCode, 200);
      const page = res.json();
      assert.ok(page.items.length <= 4);
      seen.push(...page.items.map((i: Summary) => i.code));
      pages += 1;
      if (!page.nextCursor) break;
      url = `/api/v1/services?limit=4&cursor=${encodeURIComponent(page.nextCursor)}`;
    }
    assert.equal(pages, 3);
    assert.equal(seen.length, 12);
    assert.equal(new Set(seen).size, 12);
  });

  test('rejects a forged cursor and bad filters with coded errors', async () => {
    const forged = await anon.get('/api/v1/services?cursor=not-a-cursor');
    assert.equal(forged.statusCode, 400);
    assert.equal(forged.json().error.code, 'CURSOR_INVALID');
    const audience = await anon.get('/api/v1/services?audience=martians');
    assert.equal(audience.statusCode, 400);
    assert.equal(audience.json().error.code, 'VALIDATION_FAILED');
    assert.equal(audience.json().error.details[0].pointer, '/querystring/audience');
    const limit = await anon.get('/api/v1/services?limit=1000');
    assert.equal(limit.json().error.code, 'VALIDATION_FAILED');
  });

  test('shows the full guide by code or by id', async () => {
    const res = await anon.get('/api/v1/services/hcd-cp');
    assert.equal(res.statusCode, 200);
    const guide = res.json();
    assert.equal(guide.code, 'HCD-CP');
    assert.equal(guide.processKey, 'construction-permit');
    assert.equal(guide.statutoryDays, 7);
    assert.ok(guide.legalBasis.some((l: { zh: string }) => l.zh.includes('《建筑工程施工许可管理办法》')));
    const critical = guide.materials
      .filter((m: { critical: boolean }) => m.critical)
      .map((m: { code: string }) => m.code);
    assert.deepEqual(critical, [
      'permit_application',
      'planning_permit',
      'contractor_award',
      'drawing_review',
    ]);
    assert.ok(guide.materials.every((m: { acceptedFormats: string[] }) => m.acceptedFormats.includes('pdf')));
    assert.ok(guide.faq.length >= 2);
    assert.match(guide.guideZh, /施工许可证/);
    assert.match(guide.guideEn, /construction permit/);
    assert.ok(guide.steps.length >= 3);

    const byId = await anon.get(`/api/v1/services/${guide.id}`);
    assert.equal(byId.json().code, 'HCD-CP');
  });

  test('the guide says which materials may be supplied after acceptance (容缺受理) and what happens if not', async () => {
    const ub = (await anon.get('/api/v1/services/HRSS-UB')).json();
    assert.deepEqual(ub.deferral, { days: 10, onExpired: 'suspend' });
    const deferrable = (guide: { materials: { code: string; deferrable: boolean }[] }) =>
      guide.materials.filter((m) => m.deferrable).map((m) => m.code);
    assert.deepEqual(deferrable(ub), ['bank_card'], 'critical materials are never deferrable');
    const ssa = (await anon.get('/api/v1/services/HRSS-SSA')).json();
    assert.deepEqual(ssa.deferral, { days: 5, onExpired: 'revoke' });
    assert.deepEqual(deferrable(ssa), ['bank_account_proof']);
    // An item without a policy: every required material is needed at acceptance.
    const cp = (await anon.get('/api/v1/services/HCD-CP')).json();
    assert.equal(cp.deferral, null);
    assert.deepEqual(deferrable(cp), []);

    const item = await getServiceItem(t.database.db, 'HRSS-UB');
    assert.equal(item?.deferral?.onExpired, 'suspend');
    for (const placeholder of ['{applicant}', '{item}', '{caseNumber}', '{materials}', '{deadline}']) {
      assert.ok(item?.deferral?.commitmentZh.includes(placeholder), placeholder);
      assert.ok(item?.deferral?.commitmentEn.includes(placeholder), placeholder);
    }
  });

  test('an unknown item is SERVICE_NOT_FOUND, localized', async () => {
    const zh = await new TestClient(t.app, 'zh-CN').get('/api/v1/services/NOPE-1');
    assert.equal(zh.statusCode, 404);
    assert.equal(zh.json().error.code, 'SERVICE_NOT_FOUND');
    assert.equal(zh.json().error.message, '该服务事项不存在');
    const en = await anon.get('/api/v1/services/0190a0a0-0000-7000-8000-000000000000');
    assert.equal(en.json().error.message, 'This service does not exist');
  });

  test('offers life events, departments and audiences with item counts', async () => {
    const res = await anon.get('/api/v1/service-categories');
    assert.equal(res.statusCode, 200);
    const { lifeEvents, departments, audiences } = res.json();
    const count = (list: { code: string; itemCount: number }[], code: string) =>
      list.find((e) => e.code === code)?.itemCount;
    assert.equal(lifeEvents.length, 8);
    assert.equal(lifeEvents[0].nameZh, '开办企业');
    assert.equal(count(lifeEvents, 'start_business'), 3);
    assert.equal(count(lifeEvents, 'elderly'), 1);
    assert.equal(count(departments, 'HRSS'), 2);
    assert.equal(count(lifeEvents, 'birth'), 3);
    assert.equal(departments.length, 9, 'the nine departments that own demo items');
    assert.equal(count(audiences, 'citizen'), 8);
    assert.equal(count(audiences, 'enterprise'), 4);
  });

  test('the catalogue and form endpoints are documented in OpenAPI', async () => {
    const doc = (await anon.get('/api/docs/json')).json();
    for (const path of [
      '/api/v1/services',
      '/api/v1/services/{idOrCode}',
      '/api/v1/service-categories',
      '/api/v1/services/{idOrCode}/form',
      '/api/v1/services/{idOrCode}/form/validate',
    ]) {
      assert.ok(doc.paths[path], path);
    }
    assert.ok(doc.paths['/api/v1/services'].get.parameters.some((p: { name: string }) => p.name === 'q'));
  });

  test('seeding again changes nothing and keeps ids; other modules read items through getServiceItem', async () => {
    const before = await getServiceItem(t.database.db, 'PSB-RP');
    await seedDemoCatalogue(t.database.db);
    const again = await getServiceItem(t.database.db, 'PSB-RP');
    assert.deepEqual(again, before);
    assert.equal(again?.departmentCode, 'PSB');
    assert.equal(again?.processKey, 'residence-permit');
    assert.deepEqual(
      again?.materials.map((m) => [m.code, m.critical]),
      [
        ['id_card', true],
        ['residence_proof', true],
        ['employment_or_study_proof', false],
        ['photo', false],
      ],
    );
    assert.equal((await anon.get('/api/v1/services')).json().items.length, 12);
    assert.equal(await getServiceItem(t.database.db, 'NOPE'), undefined);
  });
});
