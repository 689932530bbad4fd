import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { chinaToday } from '@tongban/contracts';
import { sql } from 'kysely';
import { demoApp, hpfForm, newCitizen, PDF, PNG, residentId, signIn, upload } from '../../testing/demo.ts';
import { multipartBody, type TestApp, type TestClient } from '../../testing/harness.ts';

type Person = { client: TestClient; idNumber: string; name: string };

describe('assisted filing (代办)', () => {
  let t: TestApp;
  let citizen: Person;
  let proxy: Person;
  let stranger: Person;
  let hpfWindow: TestClient;

  const db = () => t.app.platform.db;
  const deliver = () => t.app.platform.outbox.drain();
  const day = (offset: number) => chinaToday(new Date(t.clock.now.getTime() + offset * 86_400_000));
  let addresses = 0;
  const authorize = async (by: Person, to: Person, over: Record<string, unknown> = {}) => {
    const res = await by.client.post(
      '/api/v1/me/authorizations/family',
      {
        proxyName: to.name,
        proxyIdNumber: to.idNumber,
        relation: 'spouse',
        scope: 'all',
        validFrom: day(0),
        validUntil: day(90),
        ...over,
      },
      { 'x-forwarded-for': `10.8.0.${++addresses}` },
    );
    assert.equal(res.statusCode, 201, res.body);
    return res.json().id as string;
  };
  const startFor = (c: TestClient, authorizationId: string, serviceId = 'HPF-WD') =>
    c.post('/api/v1/applications', { serviceId, onBehalfOf: { authorizationId } });
  /** A proxy's ready draft: answers for the applicant, the critical materials. */
  const readyDraftFor = async (c: TestClient, authorizationId: string) => {
    const res = await startFor(c, authorizationId);
    assert.equal(res.statusCode, 201, res.body);
    const id = res.json().id as string;
    const saved = await c.put(`/api/v1/applications/${id}/form`, {
      formData: hpfForm(citizen.idNumber, citizen.name),
    });
    assert.equal(saved.statusCode, 200, saved.body);
    for (const code of ['id_card', 'reason_proof']) assert.equal((await upload(c, id, code)).statusCode, 201);
    return id;
  };
  const counter = (c: TestClient, fields: Record<string, string>, withForm = true) => {
    const { payload, headers } = multipartBody(
      fields,
      withForm ? { field: 'file', name: '授权委托书.png', type: 'image/png', bytes: PNG } : undefined,
    );
    return c.post('/api/v1/counter/applications', payload, headers);
  };
  const errorOf = (res: { statusCode: number; json(): { error: { code: string } } }) => [
    res.statusCode,
    res.json().error.code,
  ];
  const auditOf = async (subjectId: string, action: string) =>
    (
      await sql<{ actor_id: string; details: Record<string, unknown> }>`
        SELECT actor_id, details FROM audit_entries WHERE subject_id = ${subjectId} AND action = ${action}`.execute(
        db(),
      )
    ).rows;
  const inbox = async (c: TestClient) =>
    (await c.get('/api/v1/me/notifications?limit=100')).json().items as {
      kind: string;
      title: string;
      body: string;
      link: string;
    }[];

  before(async () => {
    t = await demoApp();
    t.clock.now = new Date();
    citizen = await newCitizen(t.app, 51, '张三丰');
    proxy = await newCitizen(t.app, 52, '李华');
    stranger = await newCitizen(t.app, 53, '赵六');
    hpfWindow = await signIn(t.app, 'hpf.window');
  });
  after(async () => t.close());

  test('a family proxy files for the citizen: the draft is theirs, pre-filled from their profile; both names show; they are told', async () => {
    const authorizationId = await authorize(citizen, proxy);
    const started = await startFor(proxy.client, authorizationId);
    assert.equal(started.statusCode, 201, started.body);
    const draft = started.json();
    assert.equal(draft.applicantName, '张三丰');
    assert.deepEqual(
      { ...draft.filedBy, accountId: undefined },
      {
        accountId: undefined,
        name: '李华',
        authorization: 'family',
        authorizationId,
        relation: 'spouse',
        departmentNameZh: null,
        departmentNameEn: null,
      },
    );
    // Only what the form asks for, from the applicant's verified profile.
    assert.deepEqual(draft.formData.applicant, {
      name: '张三丰',
      idNumber: citizen.idNumber,
      phone: '13800001051',
    });
    assert.deepEqual(Object.keys(draft.formData), ['applicant']);

    const id = draft.id as string;
    const saved = await proxy.client.put(`/api/v1/applications/${id}/form`, {
      formData: hpfForm(citizen.idNumber, citizen.name),
    });
    assert.equal(saved.statusCode, 200, saved.body);
    for (const code of ['id_card', 'reason_proof'])
      assert.equal((await upload(proxy.client, id, code)).statusCode, 201);
    const submitted = await proxy.client.post(`/api/v1/applications/${id}/submit`);
    assert.equal(submitted.statusCode, 200, submitted.body);
    const caseNumber = submitted.json().caseNumber as string;
    assert.match(caseNumber, /^\d{6}-\d{4}-\d{6}$/);
    const step = submitted.json().timeline.find((e: { kind: string }) => e.kind === 'submitted');
    assert.equal(step.actorName, '李华');

    // The citizen's own list and view carry the filer; the proxy's own list does not hold it, their filed list does.
    const mine = (await citizen.client.get('/api/v1/applications')).json().items;
    assert.equal(mine.find((a: { id: string }) => a.id === id)?.filedBy.name, '李华');
    assert.equal((await citizen.client.get(`/api/v1/applications/${id}`)).json().filedBy.relation, 'spouse');
    assert.ok(
      !(await proxy.client.get('/api/v1/applications')).json().items.some((a: { id: string }) => a.id === id),
    );
    const filed = (await proxy.client.get('/api/v1/applications/filed')).json().items;
    assert.deepEqual(
      filed.map((a: { id: string; applicantName: string }) => [a.id, a.applicantName]),
      [[id, '张三丰']],
    );
    // The case's officer sees both names.
    const officerView = (await hpfWindow.get(`/api/v1/cases/${id}`)).json();
    assert.equal(officerView.applicant.name, '张三丰');
    assert.equal(officerView.filedBy.name, '李华');

    const told = (await inbox(citizen.client)).find((n) => n.kind === 'application.onbehalf');
    assert.equal(told?.title, 'An application was filed for you');
    assert.equal(
      told?.body,
      `李华 (spouse) filed application ${caseNumber} (Housing provident fund withdrawal) for you. If you did not authorize this, revoke the authorization under "My authorizations".`,
    );
    assert.equal(told?.link, `/applications/${id}`);

    // Every action of the filer is recorded with both ids.
    const [submit] = await auditOf(id, 'application.submit');
    assert.equal(submit?.actor_id, (await proxy.client.get('/api/v1/me')).json().account.id);
    assert.equal(submit?.details.onBehalfOf, (await citizen.client.get('/api/v1/me')).json().account.id);
    assert.equal(submit?.details.authorizationId, authorizationId);
    assert.equal(
      (await auditOf(id, 'application.saveForm'))[0]?.details.onBehalfOf,
      submit?.details.onBehalfOf,
    );
    assert.equal((await auditOf(id, 'application.create'))[0]?.details.authorization, 'family');

    // The answers are remembered for the applicant, never for the proxy.
    await deliver();
    const forCitizen = (await citizen.client.get('/api/v1/services/HPF-WD/form')).json().prefill;
    assert.equal(forCitizen.sources['/withdrawal/withdrawalReason']?.caseId, id);
    const forProxy = (await proxy.client.get('/api/v1/services/HPF-WD/form')).json().prefill;
    assert.equal(forProxy.sources['/withdrawal/withdrawalReason'], undefined);
  });

  test('a revocation stops the proxy at once; submitted cases go on; the citizen keeps the draft', async () => {
    const authorizationId = await authorize(citizen, proxy, { relation: 'child' });
    const draftId = await readyDraftFor(proxy.client, authorizationId);
    const caseId = await readyDraftFor(proxy.client, authorizationId);
    assert.equal((await proxy.client.post(`/api/v1/applications/${caseId}/submit`)).statusCode, 200);
    const statusBefore = (await citizen.client.get(`/api/v1/applications/${caseId}`)).json().status;

    const revoked = await citizen.client.post(`/api/v1/me/authorizations/${authorizationId}/revoke`);
    assert.equal(revoked.statusCode, 200);

    const revokedError = [403, 'AUTHORIZATION_REVOKED'];
    assert.deepEqual(
      errorOf(await proxy.client.put(`/api/v1/applications/${draftId}/form`, { formData: {} })),
      revokedError,
    );
    assert.deepEqual(
      errorOf(await proxy.client.post(`/api/v1/applications/${draftId}/submit`)),
      revokedError,
    );
    assert.deepEqual(errorOf(await upload(proxy.client, draftId, 'bank_card')), revokedError);
    assert.deepEqual(errorOf(await proxy.client.get(`/api/v1/applications/${draftId}`)), revokedError);
    assert.deepEqual(
      errorOf(await proxy.client.post(`/api/v1/applications/${caseId}/withdraw`, { reason: '不办了' })),
      revokedError,
    );
    assert.deepEqual(errorOf(await startFor(proxy.client, authorizationId)), revokedError);
    // Nothing the proxy tried was written.
    assert.equal((await citizen.client.get(`/api/v1/applications/${draftId}`)).json().status, 'draft');

    // The submitted case goes on: the citizen and the department still see it as it was.
    const after = await citizen.client.get(`/api/v1/applications/${caseId}`);
    assert.equal(after.json().status, statusBefore);
    assert.equal((await hpfWindow.get(`/api/v1/cases/${caseId}`)).statusCode, 200);
    // The draft is the citizen's: they carry on themselves.
    const own = await citizen.client.put(`/api/v1/applications/${draftId}/form`, {
      formData: hpfForm(citizen.idNumber, citizen.name),
    });
    assert.equal(own.statusCode, 200, own.body);
    assert.equal((await citizen.client.post(`/api/v1/applications/${draftId}/submit`)).statusCode, 200);
  });

  test('a revocation racing a submission: one of them goes first, nothing is half-written', async () => {
    const authorizationId = await authorize(citizen, proxy, { relation: 'parent' });
    const id = await readyDraftFor(proxy.client, authorizationId);
    const [submit, revoke] = await Promise.all([
      proxy.client.post(`/api/v1/applications/${id}/submit`),
      citizen.client.post(`/api/v1/me/authorizations/${authorizationId}/revoke`),
    ]);
    assert.equal(revoke.statusCode, 200, revoke.body);
    const now = (await citizen.client.get(`/api/v1/applications/${id}`)).json();
    if (submit.statusCode === 200) {
      assert.ok(now.caseNumber, 'submitted before the revocation: the case goes on');
      assert.equal((await auditOf(id, 'application.submit')).length, 1);
    } else {
      assert.deepEqual(errorOf(submit), [403, 'AUTHORIZATION_REVOKED']);
      assert.equal(now.status, 'draft');
      assert.equal(now.caseNumber, null);
      assert.equal((await auditOf(id, 'application.submit')).length, 0);
    }
  });

  test('the scope and the period limit what a proxy may file', async () => {
    const onlyPermits = await authorize(citizen, proxy, { scope: ['PSB-RP'] });
    assert.deepEqual(errorOf(await startFor(proxy.client, onlyPermits)), [403, 'AUTHORIZATION_SCOPE']);
    assert.equal((await startFor(proxy.client, onlyPermits, 'PSB-RP')).statusCode, 201);
    // Services for enterprises are outside any citizen's authorization.
    assert.deepEqual(errorOf(await startFor(proxy.client, onlyPermits, 'SAMR-BL')), [
      403,
      'AUTHORIZATION_SCOPE',
    ]);

    const later = await authorize(citizen, proxy, { validFrom: day(3), validUntil: day(5) });
    assert.deepEqual(errorOf(await startFor(proxy.client, later)), [403, 'AUTHORIZATION_NOT_YET_VALID']);
    const soon = await authorize(citizen, proxy, { validUntil: day(1) });
    const draftId = (await startFor(proxy.client, soon)).json().id;
    const now = t.clock.now;
    try {
      t.clock.now = new Date(now.getTime() + 3 * 86_400_000);
      const again = await signIn(t.app, proxy.idNumber, 'Passw0rd-test');
      assert.deepEqual(errorOf(await again.get(`/api/v1/applications/${draftId}`)), [
        403,
        'AUTHORIZATION_EXPIRED',
      ]);
    } finally {
      t.clock.now = now;
    }
  });

  test("nobody else can use an authorization or see a proxy's drafts", async () => {
    const authorizationId = await authorize(citizen, proxy);
    const draftId = (await startFor(proxy.client, authorizationId)).json().id;
    assert.deepEqual(errorOf(await startFor(stranger.client, authorizationId)), [
      404,
      'AUTHORIZATION_NOT_FOUND',
    ]);
    assert.deepEqual(errorOf(await stranger.client.get(`/api/v1/applications/${draftId}`)), [
      404,
      'APPLICATION_NOT_FOUND',
    ]);
    // The window officer of the department is not the filer of a family proxy's draft.
    assert.deepEqual(errorOf(await hpfWindow.get(`/api/v1/applications/${draftId}`)), [403, 'FORBIDDEN']);
    // The grantor cannot file "for themselves" through it either.
    assert.deepEqual(errorOf(await startFor(citizen.client, authorizationId)), [
      404,
      'AUTHORIZATION_NOT_FOUND',
    ]);
  });

  test('at the counter: no authorization is refused; a signed form is recorded for that one case and told to the citizen', async () => {
    const fields = { serviceId: 'HPF-WD', name: citizen.name, idNumber: citizen.idNumber };
    const countAuthorizations = async () =>
      Number(
        (
          await sql<{
            n: number;
          }>`SELECT count(*) AS n FROM identity_authorizations WHERE kind = 'counter'`.execute(db())
        ).rows[0]?.n,
      );
    const filedBefore = (await hpfWindow.get('/api/v1/applications/filed')).json().items.length;
    const none = await counter(hpfWindow, fields, false);
    assert.deepEqual(errorOf(none), [422, 'AUTHORIZATION_REQUIRED']);
    assert.equal(await countAuthorizations(), 0);
    assert.equal((await hpfWindow.get('/api/v1/applications/filed')).json().items.length, filedBefore);

    const res = await counter(hpfWindow, fields);
    assert.equal(res.statusCode, 201, res.body);
    const draft = res.json();
    assert.equal(draft.applicantName, '张三丰');
    assert.equal(draft.filedBy.authorization, 'counter');
    assert.equal(draft.filedBy.name, '宋佳');
    assert.equal(draft.filedBy.departmentNameZh, '住房公积金管理中心');
    assert.equal(draft.formData.applicant.idNumber, citizen.idNumber);

    const recorded = (await citizen.client.get('/api/v1/me/authorizations')).json().items[0];
    assert.equal(recorded.kind, 'counter');
    assert.equal(recorded.caseId, draft.id);
    assert.equal(recorded.recordedBy, '宋佳');
    assert.equal(recorded.hasForm, true);
    assert.deepEqual(recorded.scope, ['HPF-WD']);
    const form = await citizen.client.get(`/api/v1/me/authorizations/${recorded.id}/form`);
    assert.equal(form.statusCode, 200);
    assert.deepEqual(form.rawPayload, PNG);
    assert.ok(
      (await inbox(citizen.client)).some((n) => n.title === 'A counter recorded your authorization form'),
      'the citizen is told a form was recorded in their name',
    );

    // The officer completes and submits the case at the counter.
    for (const code of ['id_card', 'reason_proof'])
      assert.equal(
        (await upload(hpfWindow, draft.id, code, { name: 'scan.pdf', bytes: PDF })).statusCode,
        201,
      );
    const saved = await hpfWindow.put(`/api/v1/applications/${draft.id}/form`, {
      formData: hpfForm(citizen.idNumber, citizen.name),
    });
    assert.equal(saved.statusCode, 200, saved.body);
    const submitted = await hpfWindow.post(`/api/v1/applications/${draft.id}/submit`);
    assert.equal(submitted.statusCode, 200, submitted.body);
    const told = (await inbox(citizen.client)).find(
      (n) => n.kind === 'application.onbehalf' && n.link === `/applications/${draft.id}`,
    );
    assert.match(told?.body ?? '', /^宋佳 at the Housing Provident Fund Centre window filed application/);
    // The case's officers can see the signed form.
    const scan = await hpfWindow.get(`/api/v1/cases/${draft.id}/authorization-form`);
    assert.equal(scan.statusCode, 200);
    assert.equal(scan.headers['content-type'], 'image/png');
    assert.equal((await auditOf(draft.id, 'case.authorizationForm.download')).length, 1);
  });

  test("a citizen's standing authorization for the window lets it file without a form", async () => {
    const person = await newCitizen(t.app, 54, '孙七');
    const fields = { serviceId: 'HPF-WD', name: person.name, idNumber: person.idNumber };
    const standing = await person.client.post('/api/v1/me/authorizations/window', {
      departmentId: 'HPF',
      scope: ['HPF-WD'],
      validFrom: day(0),
      validUntil: day(30),
    });
    assert.equal(standing.statusCode, 201, standing.body);
    const res = await counter(hpfWindow, fields, false);
    assert.equal(res.statusCode, 201, res.body);
    assert.equal(res.json().filedBy.authorization, 'window');
    assert.equal(res.json().filedBy.authorizationId, standing.json().id);
    // Revoked: the window needs a signed form again.
    await person.client.post(`/api/v1/me/authorizations/${standing.json().id}/revoke`);
    assert.deepEqual(errorOf(await counter(hpfWindow, fields, false)), [422, 'AUTHORIZATION_REQUIRED']);
    assert.deepEqual(errorOf(await hpfWindow.get(`/api/v1/applications/${res.json().id}`)), [
      403,
      'AUTHORIZATION_REVOKED',
    ]);
  });

  test('an officer files only their own department’s items, and the citizen must match exactly', async () => {
    const fields = { serviceId: 'HPF-WD', name: citizen.name, idNumber: citizen.idNumber };
    const psbWindow = await signIn(t.app, 'psb.window');
    assert.deepEqual(errorOf(await counter(psbWindow, fields)), [403, 'AUTHORIZATION_DEPARTMENT_MISMATCH']);
    assert.deepEqual(errorOf(await counter(await signIn(t.app, 'hpf.officer'), fields)), [403, 'FORBIDDEN']);

    const wrongName = await counter(hpfWindow, { ...fields, name: '张三' });
    const nobody = await counter(hpfWindow, { ...fields, idNumber: residentId(98) });
    assert.deepEqual(errorOf(wrongName), [422, 'AUTHORIZATION_PERSON_NOT_MATCHED']);
    assert.deepEqual(errorOf(nobody), [422, 'AUTHORIZATION_PERSON_NOT_MATCHED']);
    assert.equal(wrongName.json().error.message, nobody.json().error.message);
    assert.deepEqual(errorOf(await counter(hpfWindow, { serviceId: 'HPF-WD', name: 'x' })), [
      400,
      'AUTHORIZATION_FORM_INVALID',
    ]);
  });
});
