import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { TestApp, TestClient } from '../../testing/harness.ts';
import { demoApp, newCitizen, signIn, upload } from './applications.testkit.ts';
import { completeOpenTask, fileCase, pdfOf, ubForm } from './casework.testkit.ts';

// 补正 over HTTP: the officer names the fields and materials to change; the applicant changes exactly
// those; the officer sees the diff of each round.
describe('补正: returns that name what must change, and the diff of the resubmission', () => {
  let t: TestApp;
  let window: TestClient;
  let officer: TestClient;
  let head: TestClient;

  before(async () => {
    t = await demoApp();
    window = await signIn(t.app, 'hrss.window');
    officer = await signIn(t.app, 'hrss.officer');
    head = await signIn(t.app, 'hrss.head');
  });
  after(async () => t.close());

  const deliver = () => t.app.platform.outbox.drain();
  const returnCase = (c: TestClient, id: string, body: Record<string, unknown>) =>
    c.post(`/api/v1/cases/${id}/return`, body);

  /** A fresh applicant's unemployment benefit case with every material, accepted and at the review step. */
  async function caseInReview(n: number) {
    const applicant = await newCitizen(t.app, n, `补正${n}`);
    const form = ubForm(applicant.idNumber, `补正${n}`);
    const id = await fileCase(applicant.client, 'HRSS-UB', form, [
      'id_card',
      'termination_proof',
      'bank_card',
    ]);
    assert.equal((await completeOpenTask(t, window, id, 'approve')).statusCode, 200);
    return { id, applicant: applicant.client, form };
  }

  test('the return names fields and materials; the page data shows them; the resubmission diff reaches the officer', async () => {
    const { id, applicant, form } = await caseInReview(41);

    // Bad requests change nothing: unknown pointers, unknown materials, an empty return.
    const unknown = await returnCase(officer, id, { fields: ['/applicant/phone', '/applicant/nickname'] });
    assert.equal(unknown.statusCode, 422);
    assert.equal(unknown.json().error.code, 'SUPPLEMENT_FIELD_UNKNOWN');
    assert.deepEqual(
      unknown.json().error.details.map((d: { pointer: string }) => d.pointer),
      ['/applicant/nickname'],
    );
    const notAPointer = await returnCase(officer, id, { fields: ['applicant.phone'] });
    assert.equal(notAPointer.statusCode, 400);
    const noMaterial = await returnCase(officer, id, { materials: ['passport'] });
    assert.equal(noMaterial.json().error.code, 'APPLICATION_MATERIAL_UNKNOWN');
    const empty = await returnCase(officer, id, { note: '   ' });
    assert.equal(empty.statusCode, 400);
    assert.equal(empty.json().error.code, 'SUPPLEMENT_REQUEST_EMPTY');
    const untouched = (await officer.get(`/api/v1/cases/${id}`)).json();
    assert.equal(untouched.status, 'accepted');
    assert.ok(untouched.openTask, 'the review step is still open');
    assert.deepEqual(untouched.supplementRounds, []);

    const res = await returnCase(officer, id, {
      fields: ['/applicant/phone', '/payment/bankAccount'],
      materials: ['bank_card'],
      note: '联系电话和银行账号有误，银行卡照片不清晰',
    });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().status, 'returned');
    assert.equal(res.json().openTask, null);
    await deliver();

    // What the supplement page reads: exactly what was named, the note, the round.
    const page = (await applicant.get(`/api/v1/applications/${id}`)).json();
    assert.equal(page.status, 'returned');
    assert.deepEqual(page.supplement.fields, ['/applicant/phone', '/payment/bankAccount']);
    assert.deepEqual(page.supplement.materials, ['bank_card']);
    assert.equal(page.supplement.note, '联系电话和银行账号有误，银行卡照片不清晰');
    assert.equal(page.supplement.round, 1);
    assert.equal(page.supplement.departmentNameZh, '人力资源和社会保障局');

    // Only the named material may change while returned.
    const other = await upload(applicant, id, 'id_card', { name: 'id2.pdf', bytes: pdfOf('id2') });
    assert.equal(other.statusCode, 422);
    assert.equal(other.json().error.code, 'SUPPLEMENT_MATERIAL_NOT_REQUESTED');
    const oldCard = page.materials.find((m: { materialCode: string }) => m.materialCode === 'bank_card');
    assert.equal(
      (await applicant.request('DELETE', `/api/v1/applications/${id}/materials/${oldCard.id}`)).statusCode,
      204,
    );
    const newCard = await upload(applicant, id, 'bank_card', {
      name: 'card-clear.pdf',
      bytes: pdfOf('clear'),
    });
    assert.equal(newCard.statusCode, 201, newCard.body);

    // Only the named fields may change: another answer changed is refused, nothing written.
    const tooMuch = structuredClone(form);
    tooMuch.applicant.phone = '13900139000';
    tooMuch.employment.employerName = '另一家单位';
    const refused = await applicant.post(`/api/v1/applications/${id}/resubmit`, { formData: tooMuch });
    assert.equal(refused.statusCode, 422);
    assert.equal(refused.json().error.code, 'SUPPLEMENT_FIELD_NOT_REQUESTED');
    assert.deepEqual(
      refused.json().error.details.map((d: { pointer: string }) => d.pointer),
      ['/employment/employerName'],
    );
    assert.equal((await applicant.get(`/api/v1/applications/${id}`)).json().status, 'returned');

    const fixed = structuredClone(form);
    fixed.applicant.phone = '13900139000';
    fixed.payment.bankAccount = '6222020200112233999';
    const resubmitted = await applicant.post(`/api/v1/applications/${id}/resubmit`, { formData: fixed });
    assert.equal(resubmitted.statusCode, 200, resubmitted.body);
    assert.equal(resubmitted.json().status, 'in_review');
    await deliver();

    // The reviewing officer sees the round and its diff in full.
    const review = (await officer.get(`/api/v1/cases/${id}`)).json();
    assert.ok(review.openTask, 'the review step is open again');
    assert.equal(review.supplementRounds.length, 1);
    const [round] = review.supplementRounds;
    assert.equal(round.state, 'resubmitted');
    assert.ok(round.requestedByName, 'who asked');
    assert.deepEqual(round.diff.fields, [
      { pointer: '/applicant/phone', before: '13800138000', after: '13900139000', requested: true },
      {
        pointer: '/payment/bankAccount',
        before: '6222020200112233445',
        after: '6222020200112233999',
        requested: true,
      },
    ]);
    assert.equal(round.diff.materials.length, 1);
    const [card] = round.diff.materials;
    assert.equal(card.code, 'bank_card');
    assert.equal(card.requested, true);
    assert.deepEqual(
      card.removed.map((f: { fileName: string }) => f.fileName),
      ['bank_card.pdf'],
    );
    assert.deepEqual(
      card.added.map((f: { fileName: string }) => f.fileName),
      ['card-clear.pdf'],
    );
    assert.match(card.added[0].sha256, /^[0-9a-f]{64}$/);

    // The head (no need for identifiers) sees the same diff masked as the form is.
    const masked = (await head.get(`/api/v1/cases/${id}`)).json();
    assert.equal(masked.masked, true);
    const [phone, account] = masked.supplementRounds[0].diff.fields;
    assert.equal(phone.after, '139****9000');
    assert.notEqual(account.before, '6222020200112233445');
    assert.notEqual(account.after, '6222020200112233999');
  });

  test('every round keeps its own list and diff; a note-only return lets the applicant change anything', async () => {
    const { id, applicant, form } = await caseInReview(42);
    assert.equal(
      (await returnCase(officer, id, { fields: ['/employment/contributionMonths'] })).statusCode,
      200,
    );
    await deliver();
    const first = (await applicant.get(`/api/v1/applications/${id}`)).json().supplement;
    assert.match(first.note, /累计缴纳失业保险费月数/, 'without a note the step says what to change');
    const v1 = structuredClone(form);
    v1.employment.contributionMonths = 48;
    assert.equal(
      (await applicant.post(`/api/v1/applications/${id}/resubmit`, { formData: v1 })).statusCode,
      200,
    );
    await deliver();

    assert.equal((await returnCase(officer, id, { note: '请核对全部信息' })).statusCode, 200);
    await deliver();
    assert.equal((await applicant.get(`/api/v1/applications/${id}`)).json().supplement.round, 2);
    const v2 = structuredClone(v1);
    v2.employment.employerName = '明湖第二机械厂';
    v2.applicant.phone = '13700137000';
    assert.equal(
      (await applicant.post(`/api/v1/applications/${id}/resubmit`, { formData: v2 })).statusCode,
      200,
    );
    await deliver();

    const rounds = (await officer.get(`/api/v1/cases/${id}`)).json().supplementRounds;
    assert.deepEqual(
      rounds.map((r: { round: number; fields: string[]; state: string }) => [r.round, r.fields, r.state]),
      [
        [1, ['/employment/contributionMonths'], 'resubmitted'],
        [2, [], 'resubmitted'],
      ],
    );
    assert.deepEqual(
      rounds[0].diff.fields.map((f: { pointer: string; before: unknown; after: unknown }) => [
        f.pointer,
        f.before,
        f.after,
      ]),
      [['/employment/contributionMonths', 36, 48]],
    );
    assert.deepEqual(
      rounds[1].diff.fields.map((f: { pointer: string; requested: boolean }) => [f.pointer, f.requested]),
      [
        ['/applicant/phone', false],
        ['/employment/employerName', false],
      ],
    );
  });

  test('the officer takes a return back: the case is as it was returned, the step opens again', async () => {
    const { id, applicant, form } = await caseInReview(43);
    assert.equal(
      (await returnCase(officer, id, { materials: ['bank_card'], note: '银行卡不清晰' })).statusCode,
      200,
    );
    await deliver();
    // The applicant starts changing things, then the officer withdraws the return.
    const before = (await applicant.get(`/api/v1/applications/${id}`)).json();
    const card = before.materials.find((m: { materialCode: string }) => m.materialCode === 'bank_card');
    assert.equal(
      (await applicant.request('DELETE', `/api/v1/applications/${id}/materials/${card.id}`)).statusCode,
      204,
    );
    const saved = structuredClone(form);
    saved.applicant.phone = '13600136000';
    assert.equal(
      (await applicant.put(`/api/v1/applications/${id}/form`, { formData: saved })).statusCode,
      200,
    );

    const otherRole = await head.post(`/api/v1/cases/${id}/return/withdraw`, { reason: '误退' });
    assert.equal(otherRole.statusCode, 200, 'the department head may take it back too');
    await deliver();
    const after = (await applicant.get(`/api/v1/applications/${id}`)).json();
    assert.equal(after.status, 'in_review');
    assert.equal(after.supplement, null);
    assert.equal(after.formData.applicant.phone, form.applicant.phone, 'answers as returned');
    assert.deepEqual(
      after.materials.map((m: { id: string }) => m.id).sort(),
      before.materials.map((m: { id: string }) => m.id).sort(),
      'files as returned',
    );
    assert.ok(
      after.timeline.some(
        (e: { kind: string; note: string }) => e.kind === 'return_withdrawn' && e.note === '误退',
      ),
    );
    const asOfficer = (await officer.get(`/api/v1/cases/${id}`)).json();
    assert.ok(asOfficer.openTask, 'the review step is open again');
    assert.equal(asOfficer.supplementRounds[0].state, 'withdrawn');

    const late = await applicant.post(`/api/v1/applications/${id}/resubmit`, { formData: form });
    assert.equal(late.statusCode, 409);
    assert.equal(late.json().error.code, 'APPLICATION_NOT_RETURNED');
    const twice = await officer.post(`/api/v1/cases/${id}/return/withdraw`, { reason: '再撤' });
    assert.equal(twice.json().error.code, 'SUPPLEMENT_NOT_OPEN');
  });

  test('the applicant resubmitting while the officer withdraws the return: exactly one wins', async () => {
    for (let n = 50; n < 54; n++) {
      const { id, applicant, form } = await caseInReview(n);
      assert.equal((await returnCase(officer, id, { fields: ['/applicant/phone'] })).statusCode, 200);
      await deliver();
      const fixed = structuredClone(form);
      fixed.applicant.phone = '13500135000';
      const [resubmit, withdraw] = await Promise.all([
        applicant.post(`/api/v1/applications/${id}/resubmit`, { formData: fixed }),
        officer.post(`/api/v1/cases/${id}/return/withdraw`, { reason: '撤回退回' }),
      ]);
      const codes = [resubmit.statusCode, withdraw.statusCode].sort();
      assert.deepEqual(codes, [200, 409], `${resubmit.body} / ${withdraw.body}`);
      await deliver();
      const view = (await officer.get(`/api/v1/cases/${id}`)).json();
      const [round] = view.supplementRounds;
      assert.equal(view.status, 'in_review');
      assert.ok(view.openTask, 'the review step is open exactly once');
      if (resubmit.statusCode === 200) {
        assert.equal(withdraw.json().error.code, 'SUPPLEMENT_NOT_OPEN');
        assert.equal(round.state, 'resubmitted');
        assert.equal(view.formData.applicant.phone, '13500135000');
      } else {
        assert.equal(resubmit.json().error.code, 'APPLICATION_NOT_RETURNED');
        assert.equal(round.state, 'withdrawn');
        assert.equal(view.formData.applicant.phone, form.applicant.phone);
      }
    }
  });
});
