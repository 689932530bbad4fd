// Test support for 容缺受理 and 补正: unemployment-benefit (HRSS-UB, suspend) and employer social
// insurance (HRSS-SSA, revoke) cases filed through the API, officers' steps, the test clock.
import assert from 'node:assert/strict';
import { multipartBody, type TestApp, type TestClient } from '../../testing/harness.ts';
import { DEMO_CREDIT_CODE } from '../identity/index.ts';
import { upload } from './applications.testkit.ts';

/** Answers that pass the unemployment benefit (HRSS-UB) form. */
export function ubForm(idNumber: string, name = '张明') {
  return {
    applicant: { name, idNumber, phone: '13800138000' },
    employment: {
      employerName: '明湖机械厂',
      unemploymentDate: '2026-01-15',
      contributionMonths: 36,
      terminationReason: 'contract_expired',
    },
    payment: { bankAccount: '6222020200112233445' },
  };
}

/** Answers that pass the employer social insurance registration (HRSS-SSA) form. */
export function ssaForm() {
  return {
    enterprise: {
      companyName: '明湖通办科技有限公司',
      creditCode: DEMO_CREDIT_CODE,
      legalRepName: '李华',
      phone: '13900139000',
    },
    insurance: { employeeCount: 12, bankAccount: '6222020200998877665' },
  };
}

/**
 * Files a case through the API: a draft with `formData`, the given materials uploaded, submitted.
 * Returns the case id.
 */
export async function fileCase(
  c: TestClient,
  serviceId: string,
  formData: Record<string, unknown>,
  materials: string[],
): Promise<string> {
  const created = await c.post('/api/v1/applications', { serviceId, formData });
  assert.equal(created.statusCode, 201, created.body);
  const id = created.json().id as string;
  for (const code of materials) {
    const res = await upload(c, id, code, { name: `${code}.pdf`, bytes: pdfOf(code) });
    assert.equal(res.statusCode, 201, res.body);
  }
  const submitted = await c.post(`/api/v1/applications/${id}/submit`);
  assert.equal(submitted.statusCode, 200, submitted.body);
  return id;
}

/** A small valid PDF whose bytes (and so SHA-256) differ per label. */
export function pdfOf(label: string): Buffer {
  return Buffer.from(
    `%PDF-1.4\n% ${label}\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n`,
  );
}

/** Uploads a material the case owes (容缺) as the browser does (multipart: materialCode, then file). */
export function supply(c: TestClient, caseId: string, code: string, label = code) {
  const { payload, headers } = multipartBody(
    { materialCode: code },
    { field: 'file', name: `${label}.pdf`, type: 'application/pdf', bytes: pdfOf(label) },
  );
  return c.post(`/api/v1/applications/${caseId}/deferred-materials`, payload, headers);
}

/** Completes the officer's open task on the case through the workflow's endpoint. */
export async function completeOpenTask(
  t: TestApp,
  officer: TestClient,
  caseId: string,
  outcome: 'approve' | 'reject' | 'return',
  note?: string,
) {
  const view = await officer.get(`/api/v1/cases/${caseId}`);
  assert.equal(view.statusCode, 200, view.body);
  const task = view.json().openTask;
  assert.ok(task, 'the officer has an open task on the case');
  const res = await officer.post(`/api/v1/tasks/${task.taskId}/complete`, {
    outcome,
    ...(note ? { note } : {}),
  });
  await t.app.platform.outbox.drain();
  return res;
}

/** China time on the test clock: `2026-03-02 10:00` → that instant. */
export const chinaTime = (local: string) => new Date(`${local.replace(' ', 'T')}:00+08:00`);
