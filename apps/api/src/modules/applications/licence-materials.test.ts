import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { chinaToday } from '@tongban/contracts';
import { sql } from 'kysely';
import type { TestApp, TestClient } from '../../testing/harness.ts';
import { DEMO_CITIZEN_ID } from '../identity/index.ts';
import { demoApp, demoCitizen, demoEnterprise, newCitizen, signIn, upload } from './applications.testkit.ts';

// 免证办: the demo citizen's 户口簿 (seeded, signed by PSB) stands in for the ID card of a residence
// permit application; verified when attached and again at submit; officers see it verified.

interface Licence {
  id: string;
  number: string;
  typeCode: string;
  issuerNameZh: string;
  status: string;
}
type Res = { statusCode: number; body: string; json(): any };

const residencePermitForm = (name: string, idNumber: string) => ({
  applicant: { name, idNumber, sex: 'male', birthDate: '1990-03-15', phone: '13800138000' },
  residence: {
    residenceAddress: '明湖市东湖区湖滨路1号',
    regionCode: '339001',
    residenceMonths: 8,
    basis: 'housing',
  },
});

describe('e-licences instead of uploads (免证办)', () => {
  let t: TestApp;
  let citizen: TestClient;
  let register: Licence;
  let psbHead: TestClient;

  const db = () => t.app.platform.db;
  const errorOf = (res: Res) => [
    res.statusCode,
    res.json().error?.code,
    res.json().error?.details?.[0]?.reason,
  ];
  const attach = (c: TestClient, id: string, code: string, licenceId: string) =>
    c.post(`/api/v1/applications/${id}/materials/${code}/licence`, { licenceId });
  const auditOf = async (subjectId: string, action: string) =>
    (
      await sql<{ actor_id: string; details: Record<string, unknown> }>`
        SELECT actor_id, details FROM audit_entries WHERE subject_id = ${subjectId} AND action = ${action}`.execute(
        db(),
      )
    ).rows;
  const myLicences = async (c: TestClient): Promise<Licence[]> => {
    const res = await c.get('/api/v1/me/licences');
    assert.equal(res.statusCode, 200, res.body);
    return res.json().items;
  };
  /** A residence-permit draft of the client with the residence proof uploaded (the ID card left open). */
  const draft = async (c: TestClient, name = '张明', idNumber = DEMO_CITIZEN_ID, over = {}) => {
    const res = await c.post('/api/v1/applications', {
      serviceId: 'PSB-RP',
      formData: residencePermitForm(name, idNumber),
      ...over,
    });
    assert.equal(res.statusCode, 201, res.body);
    const id = res.json().id as string;
    assert.equal((await upload(c, id, 'residence_proof')).statusCode, 201);
    return id;
  };
  const officerView = async (id: string) => {
    const window = await signIn(t.app, 'psb.window');
    const res = await window.get(`/api/v1/cases/${id}`);
    assert.equal(res.statusCode, 200, res.body);
    return res.json();
  };
  const setStatus = async (licenceId: string, action: 'revoke' | 'suspend' | 'reinstate') => {
    const res = await psbHead.post(`/api/v1/licences/${licenceId}/status`, {
      action,
      reason: '测试：证照状态变更',
    });
    assert.equal(res.statusCode, 200, res.body);
  };

  before(async () => {
    t = await demoApp();
    t.clock.now = new Date();
    citizen = await demoCitizen(t.app);
    psbHead = await signIn(t.app, 'psb.head');
    const held = await myLicences(citizen);
    register = held.find((l) => l.typeCode === 'household_register') as Licence;
    assert.ok(register, 'the demo citizen holds a household register from the seed');
    assert.equal(register.status, 'valid');
    assert.ok(
      held.some((l) => l.typeCode === 'marriage_certificate'),
      'and a marriage certificate',
    );
  });
  after(async () => t.close());

  test('the checklist says which entries a licence may replace, and offers only the applicant’s valid ones', async () => {
    const id = await draft(citizen);
    const view = (await citizen.get(`/api/v1/applications/${id}`)).json();
    const idCard = view.checklist.find((c: { code: string }) => c.code === 'id_card');
    assert.deepEqual(idCard.satisfiedByLicenceTypes, ['household_register']);
    assert.equal(
      view.checklist.find((c: { code: string }) => c.code === 'photo').satisfiedByLicenceTypes,
      undefined,
    );

    const res = await citizen.get(`/api/v1/applications/${id}/licence-choices`);
    assert.equal(res.statusCode, 200, res.body);
    const entry = res.json().items.find((i: { code: string }) => i.code === 'id_card');
    assert.deepEqual(
      entry.licences.map((l: Licence & { licenceId: string }) => [l.licenceId, l.number, l.issuerNameZh]),
      [[register.id, register.number, register.issuerNameZh]],
    );
    assert.equal(entry.licences[0].typeNameZh, '户口簿');
    assert.equal((await auditOf(id, 'application.licenceChoices')).length, 1, 'the read is audited');
    const staff = await signIn(t.app, 'psb.window');
    assert.equal((await staff.get(`/api/v1/applications/${id}/licence-choices`)).statusCode, 403);
    assert.equal((await attach(staff, id, 'id_card', register.id)).statusCode, 403, 'staff attach nothing');

    // The enterprise's business licence is offered for its tax registration, and not to anyone else.
    const enterprise = await demoEnterprise(t.app);
    const tax = await enterprise.post('/api/v1/applications', { serviceId: 'TAX-REG' });
    const taxChoices = (await enterprise.get(`/api/v1/applications/${tax.json().id}/licence-choices`)).json();
    const bl = taxChoices.items.find((i: { code: string }) => i.code === 'business_licence');
    assert.equal(bl.licences.length, 1);
    assert.equal(bl.licences[0].typeCode, 'business_licence');
    assert.equal(
      (await citizen.get(`/api/v1/applications/${tax.json().id}/licence-choices`)).statusCode,
      404,
      'another applicant’s draft does not exist for the citizen',
    );
  });

  test('a case submitted with the licence instead of the ID card passes the checklist; the officer sees it verified', async () => {
    const id = await draft(citizen);
    const missing = await citizen.post(`/api/v1/applications/${id}/submit`);
    assert.deepEqual(errorOf(missing).slice(0, 2), [400, 'MATERIALS_MISSING']);

    const res = await attach(citizen, id, 'id_card', register.id);
    assert.equal(res.statusCode, 201, res.body);
    const material = res.json();
    assert.equal(material.materialCode, 'id_card');
    assert.equal(material.mimeType, 'application/vc+jwt');
    assert.equal(material.licence.number, register.number);
    assert.equal(material.licence.typeNameZh, '户口簿');
    const again = await attach(citizen, id, 'id_card', register.id);
    assert.equal(again.json().id, material.id, 'attaching the same licence again changes nothing');
    const audit = await auditOf(id, 'application.material.licence');
    assert.equal(audit.length, 1);
    assert.equal(audit[0]?.details.licenceNumber, register.number);

    const view = (await citizen.get(`/api/v1/applications/${id}`)).json();
    assert.equal(view.checklist.find((c: { code: string }) => c.code === 'id_card').provided, true);

    const submitted = await citizen.post(`/api/v1/applications/${id}/submit`);
    assert.equal(submitted.statusCode, 200, submitted.body);
    assert.equal(submitted.json().status, 'submitted');
    const submitAudit = await auditOf(id, 'application.submit');
    assert.deepEqual(submitAudit[0]?.details.licences, [
      { materialCode: 'id_card', licenceId: register.id, number: register.number },
    ]);

    const officer = await officerView(id);
    const shown = officer.materials.find((m: { materialCode: string }) => m.materialCode === 'id_card');
    assert.equal(shown.licence.status, 'valid');
    assert.equal(shown.licence.number, register.number);
    assert.equal(shown.licence.issuerNameZh, register.issuerNameZh);
    assert.ok(Date.parse(shown.licence.verifiedAt) >= Date.parse(material.licence.verifiedAt));
    const window = await signIn(t.app, 'psb.window');
    const download = await window.get(`/api/v1/cases/${id}/materials/${shown.id}/file`);
    assert.equal(download.statusCode, 404, 'a licence has no file to download');
  });

  test('a licence can be detached before submitting, then the ID card is missing again', async () => {
    const id = await draft(citizen);
    const material = (await attach(citizen, id, 'id_card', register.id)).json();
    assert.equal(
      (await citizen.delete(`/api/v1/applications/${id}/materials/${material.id}`)).statusCode,
      204,
    );
    const view = (await citizen.get(`/api/v1/applications/${id}`)).json();
    assert.equal(view.materials.length, 1);
    assert.deepEqual(errorOf(await citizen.post(`/api/v1/applications/${id}/submit`)).slice(0, 2), [
      400,
      'MATERIALS_MISSING',
    ]);
  });

  test('a licence of the wrong type for the entry, or someone else’s, is refused and the refusal audited', async () => {
    const id = await draft(citizen);
    const marriage = (await myLicences(citizen)).find(
      (l) => l.typeCode === 'marriage_certificate',
    ) as Licence;
    assert.deepEqual(errorOf(await attach(citizen, id, 'id_card', marriage.id)), [
      422,
      'LICENCE_NOT_USABLE',
      'type_not_accepted',
    ]);
    assert.deepEqual(errorOf(await attach(citizen, id, 'photo', register.id)), [
      422,
      'LICENCE_NOT_USABLE',
      'type_not_accepted',
    ]);

    const other = await newCitizen(t.app, 401);
    const theirs = await draft(other.client, other.name, other.idNumber);
    assert.deepEqual(errorOf(await attach(other.client, theirs, 'id_card', register.id)), [
      422,
      'LICENCE_NOT_USABLE',
      'not_holder',
    ]);
    const refused = await auditOf(theirs, 'application.material.licenceRefused');
    assert.equal(refused.length, 1);
    assert.equal(refused[0]?.details.reason, 'not_holder');
    const view = (await other.client.get(`/api/v1/applications/${theirs}`)).json();
    assert.equal(view.materials.length, 1, 'nothing was bound');
    const choices = (await other.client.get(`/api/v1/applications/${theirs}/licence-choices`)).json();
    assert.deepEqual(choices.items.find((i: { code: string }) => i.code === 'id_card').licences, []);
  });

  test('a family proxy filing for the citizen is offered and may use the citizen’s licences', async () => {
    const proxy = await newCitizen(t.app, 402, '李华');
    const grant = await citizen.post(
      '/api/v1/me/authorizations/family',
      {
        proxyName: proxy.name,
        proxyIdNumber: proxy.idNumber,
        relation: 'spouse',
        scope: ['PSB-RP'],
        validFrom: chinaToday(t.clock.now),
        validUntil: chinaToday(new Date(t.clock.now.getTime() + 30 * 86_400_000)),
      },
      { 'x-forwarded-for': '10.9.0.1' },
    );
    assert.equal(grant.statusCode, 201, grant.body);
    const id = await draft(proxy.client, '张明', DEMO_CITIZEN_ID, {
      onBehalfOf: { authorizationId: grant.json().id },
    });
    const choices = (await proxy.client.get(`/api/v1/applications/${id}/licence-choices`)).json();
    assert.deepEqual(
      choices.items
        .find((i: { code: string }) => i.code === 'id_card')
        .licences.map((l: { licenceId: string }) => l.licenceId),
      [register.id],
    );
    const res = await attach(proxy.client, id, 'id_card', register.id);
    assert.equal(res.statusCode, 201, res.body);
    const audit = await auditOf(id, 'application.material.licence');
    assert.equal(audit[0]?.details.onBehalfOf !== undefined, true, 'the audit names the principal');
    const submitted = await proxy.client.post(`/api/v1/applications/${id}/submit`);
    assert.equal(submitted.statusCode, 200, submitted.body);
  });

  test('pre-fill takes dictionary fields from the applicant’s valid licences and names the licence', async () => {
    const res = await citizen.get('/api/v1/services/PSB-NB/form');
    assert.equal(res.statusCode, 200, res.body);
    const { prefill } = res.json();
    assert.equal(prefill.values.household.householdAddress, '明湖市东湖区滨湖路18号3幢201室');
    assert.deepEqual(prefill.sources['/household/householdAddress'], {
      licenceId: register.id,
      licenceNumber: register.number,
      typeNameZh: '户口簿',
      typeNameEn: 'Household register',
    });
    // Identity fields still come from the verified profile.
    assert.equal(prefill.sources['/applicant/idNumber'], 'profile');
  });

  test('revoked between attach and submit: the submission is refused; attaching it is refused; officers see it revoked', async () => {
    const submittedEarlier = await draft(citizen);
    assert.equal((await attach(citizen, submittedEarlier, 'id_card', register.id)).statusCode, 201);
    assert.equal((await citizen.post(`/api/v1/applications/${submittedEarlier}/submit`)).statusCode, 200);

    const id = await draft(citizen);
    assert.equal((await attach(citizen, id, 'id_card', register.id)).statusCode, 201);
    await setStatus(register.id, 'suspend');
    assert.deepEqual(errorOf(await citizen.post(`/api/v1/applications/${id}/submit`)), [
      422,
      'LICENCE_NOT_USABLE',
      'suspended',
    ]);
    await setStatus(register.id, 'revoke');
    const refused = await citizen.post(`/api/v1/applications/${id}/submit`);
    assert.deepEqual(errorOf(refused), [422, 'LICENCE_NOT_USABLE', 'revoked']);
    assert.equal(refused.json().error.details[0].materialCode, 'id_card');
    const still = (await citizen.get(`/api/v1/applications/${id}`)).json();
    assert.equal(still.status, 'draft');
    assert.equal(still.caseNumber, null, 'no case number was used');

    const fresh = await draft(citizen);
    assert.deepEqual(errorOf(await attach(citizen, fresh, 'id_card', register.id)), [
      422,
      'LICENCE_NOT_USABLE',
      'revoked',
    ]);
    const choices = (await citizen.get(`/api/v1/applications/${fresh}/licence-choices`)).json();
    assert.deepEqual(choices.items.find((i: { code: string }) => i.code === 'id_card').licences, []);

    const officer = await officerView(submittedEarlier);
    const shown = officer.materials.find((m: { materialCode: string }) => m.materialCode === 'id_card');
    assert.equal(shown.licence.status, 'revoked', 'revoked after submission shows as such');
    assert.equal(shown.licence.number, register.number);

    const form = (await citizen.get('/api/v1/services/PSB-NB/form')).json();
    assert.equal(
      form.prefill.values.household?.householdAddress,
      undefined,
      'a revoked licence pre-fills nothing',
    );
  });
});
