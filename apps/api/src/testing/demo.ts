// Demo-data test support for every module's integration tests (a module's tests may not import another
// module's files, only this shared folder): sign-in, sign-up, a ready housing-fund withdrawal draft.
import assert from 'node:assert/strict';
import { residentIdCheckChar } from '@tongban/contracts';
import type { FastifyInstance } from 'fastify';
import { DEMO_CITIZEN_ID, DEMO_CREDIT_CODE, DEMO_PASSWORD } from '../modules/identity/index.ts';
import { createTestApp, multipartBody, type TestApp, TestClient } from './harness.ts';

/** Shared set-up of integration tests across modules: the real app on a fresh database with the demo region. */
export async function demoApp(overrides: Parameters<typeof createTestApp>[0] = {}): Promise<TestApp> {
  return createTestApp(overrides, undefined, { demo: true });
}

export async function signIn(
  app: FastifyInstance,
  login: string,
  password = DEMO_PASSWORD,
): Promise<TestClient> {
  const c = new TestClient(app);
  const res = await c.post('/api/v1/auth/signin', { login, password });
  assert.equal(res.statusCode, 200, `sign-in of ${login}: ${res.body}`);
  return c;
}

export const demoCitizen = (app: FastifyInstance) => signIn(app, DEMO_CITIZEN_ID);
export const demoEnterprise = (app: FastifyInstance) => signIn(app, DEMO_CREDIT_CODE);

/** A valid resident ID number per `n` (GB 11643 check character computed). */
export function residentId(n: number): string {
  const first17 = `33010219850612${String(100 + n).slice(-3)}`;
  return first17 + residentIdCheckChar(first17);
}

/** Signs up a new citizen through the API and returns their signed-in client. */
export async function newCitizen(app: FastifyInstance, n: number, name = `测试${n}`) {
  const idNumber = residentId(n);
  const c = new TestClient(app);
  const res = await c.post('/api/v1/auth/signup/citizen', {
    name,
    idNumber,
    phone: `1380000${String(1000 + n).slice(-4)}`,
    password: 'Passw0rd-test',
  });
  assert.equal(res.statusCode < 300, true, `sign-up: ${res.body}`);
  const signedIn = await signIn(app, idNumber, 'Passw0rd-test');
  return { client: signedIn, idNumber, name };
}

/**
 * Answers that pass the housing-fund withdrawal (HPF-WD) form. HPF-WD is approved instantly when
 * the withdrawal rules allow (rent up to ¥15,000): by default this is an ¥18,000 rent claim, which
 * the rules refer to officers; `instant` makes it ¥12,000, which they approve at once.
 */
export function hpfForm(idNumber: string, name = '张明', instant = false) {
  return {
    applicant: { name, idNumber, phone: '13800138000' },
    withdrawal: {
      withdrawalReason: 'rent',
      amountFen: instant ? 1_200_000 : 1_800_000,
      bankAccount: '6222020200112233445',
      bankName: '中国工商银行明湖支行',
    },
  };
}

export const PNG = Buffer.from(
  '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a5b5f5e00000000049454e44ae426082',
  'hex',
);
export const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
);

/** Uploads one material as the browser does (multipart: materialCode, then file). */
export function upload(
  c: TestClient,
  applicationId: string,
  materialCode: string,
  file: { name: string; bytes: Buffer; type?: string } = { name: 'scan.pdf', bytes: PDF },
) {
  const { payload, headers } = multipartBody(
    { materialCode },
    { field: 'file', name: file.name, type: file.type ?? 'application/pdf', bytes: file.bytes },
  );
  return c.post(`/api/v1/applications/${applicationId}/materials`, payload, headers);
}

/** A housing-fund withdrawal draft with its answers and critical materials, ready to submit. */
export async function readyHpfDraft(
  c: TestClient,
  idNumber: string,
  name?: string,
  instant = false,
): Promise<string> {
  const res = await c.post('/api/v1/applications', {
    serviceId: 'HPF-WD',
    formData: hpfForm(idNumber, name, instant),
  });
  assert.equal(res.statusCode, 201, res.body);
  const id = res.json().id as string;
  for (const code of ['id_card', 'reason_proof']) assert.equal((await upload(c, id, code)).statusCode, 201);
  return id;
}
