import { randomUUID } from 'node:crypto';
import { HttpClient } from '../e2e/support/http.ts';
import { DEMO_PASSWORD, newCitizen } from '../e2e/support/people.ts';
import { type HttpRate, type PlannedRequest, walk } from './load.ts';

const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 16);
// Sign-up is limited to 10 per minute per address (identity): a few citizens, many drafts each.
const CITIZENS = 8;
/**
 * A citizen item with instant approval: its decision table approves rent claims up to ¥15,000 as they
 * are submitted and refers larger ones to the window, an officer and the head (as simple-approval).
 */
const ITEM = 'HPF-WD';
const OFFICER = 'hpf.window';

/** Runs `fn` over `items` with at most `limit` in flight. */
async function pool<T, R>(items: T[], limit: number, fn: (item: T, i: number) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i]!, i);
      }
    }),
  );
  return out;
}

function expectOk(what: string, res: { status: number; body: unknown }) {
  if (res.status >= 300) throw new Error(`${what}: ${res.status} ${JSON.stringify(res.body)}`);
}

/**
 * The item's own answers (HPF-WD: a rent withdrawal), added to what the form pre-fills from the
 * profile: ¥18,000 is referred to officers (the usual path), ¥12,000 approved instantly.
 */
const itemAnswers = (instant: boolean): Record<string, Record<string, unknown>> => ({
  withdrawal: {
    withdrawalReason: 'rent',
    amountFen: instant ? 1_200_000 : 1_800_000,
    bankAccount: '6222021234567890123',
    bankName: '中国工商银行明湖分行',
  },
});

function formDataFor(
  prefill: Record<string, Record<string, unknown>>,
  instant: boolean,
): Record<string, unknown> {
  const data: Record<string, Record<string, unknown>> = structuredClone(prefill);
  for (const [section, answers] of Object.entries(itemAnswers(instant)))
    data[section] = { ...data[section], ...answers };
  return data;
}

const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

interface Citizen {
  api: HttpClient;
  formData: Record<string, unknown>;
  instantFormData: Record<string, unknown>;
  materials: string[];
}

async function signUpCitizens(baseUrl: string): Promise<Citizen[]> {
  const seed = Date.now() % 100_000;
  return pool(
    Array.from({ length: CITIZENS }, (_, i) => i),
    4,
    async (i) => {
      const person = newCitizen(seed * 100 + i, '王小明');
      const api = new HttpClient(baseUrl);
      // Signing up signs the citizen in.
      expectOk('sign-up', await api.post('/api/v1/auth/signup/citizen', person));
      const form = await api.get(`/api/v1/services/${ITEM}/form`);
      expectOk('form', form);
      const guide = await api.get(`/api/v1/services/${ITEM}`);
      const materials = (guide.body.materials as { code: string; required: boolean }[])
        .filter((m) => m.required)
        .map((m) => m.code);
      const prefill = form.body.prefill.values;
      return {
        api,
        formData: formDataFor(prefill, false),
        instantFormData: formDataFor(prefill, true),
        materials,
      };
    },
  );
}

/** Drafts with valid form data and every required material, ready to submit (`instant`: within the rules). */
async function prepareDrafts(
  citizens: Citizen[],
  n: number,
  instant = false,
): Promise<{ c: Citizen; id: string }[]> {
  return pool(
    Array.from({ length: n }, (_, i) => citizens[i % citizens.length]!),
    CONNECTIONS,
    async (c) => {
      const draft = await c.api.post('/api/v1/applications', { serviceId: ITEM });
      expectOk('draft', draft);
      const id = draft.body.id as string;
      const formData = instant ? c.instantFormData : c.formData;
      expectOk('save form', await c.api.put(`/api/v1/applications/${id}/form`, { formData }));
      for (const code of c.materials) {
        const body = new FormData();
        body.set('materialCode', code);
        body.set('file', new Blob([PDF], { type: 'application/pdf' }), `${code}.pdf`);
        expectOk('upload', await c.api.request('POST', `/api/v1/applications/${id}/materials`, body));
      }
      return { c, id };
    },
  );
}

function submitRequests(drafts: { c: Citizen; id: string }[]): PlannedRequest[] {
  return drafts.map(({ c, id }) => ({
    method: 'POST',
    path: `/api/v1/applications/${id}/submit`,
    headers: {
      cookie: c.api.cookieHeader(),
      'x-csrf-token': c.api.csrfToken()!,
      'idempotency-key': randomUUID(),
      'content-type': 'application/json',
    },
    body: '{}',
  }));
}

/** Every open task in the officer's inbox, claimed by them. */
async function claimAll(officer: HttpClient): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await officer.get(`/api/v1/tasks?view=inbox&limit=100${cursor ? `&cursor=${cursor}` : ''}`);
    expectOk('inbox', page);
    ids.push(
      ...page.body.items
        .filter((t: { status: string }) => t.status === 'open')
        .map((t: { id: string }) => t.id),
    );
    cursor = page.body.nextCursor ?? undefined;
  } while (cursor);
  await pool(ids, CONNECTIONS, async (id) =>
    expectOk('claim', await officer.post(`/api/v1/tasks/${id}/claim`)),
  );
  return ids;
}

/**
 * Submissions/s and task completions/s over HTTP against the running server. A short pilot run
 * (which also warms the server up) sizes the measured run to last about `seconds`.
 */
export async function measureHttp(baseUrl: string, seconds: number): Promise<HttpRate[]> {
  const citizens = await signUpCitizens(baseUrl);
  const pilot = await walk('pilot', baseUrl, submitRequests(await prepareDrafts(citizens, 200)), CONNECTIONS);
  const n = Math.max(200, Math.min(6000, Math.round(pilot.perSecond * seconds)));
  const drafts = await prepareDrafts(citizens, n);
  const submissions = await walk('submissions', baseUrl, submitRequests(drafts), CONNECTIONS);
  // The same submissions, approved by the decision table in their own transaction (秒批秒办).
  const instantDrafts = await prepareDrafts(citizens, n, true);
  const instant = await walk(
    'instant-approval submissions',
    baseUrl,
    submitRequests(instantDrafts),
    CONNECTIONS,
  );
  await expectApproved(instantDrafts);

  const officer = new HttpClient(baseUrl);
  await officer.signIn(OFFICER, DEMO_PASSWORD);
  const tasks = await claimAll(officer);
  const completions = await walk(
    'task completions',
    baseUrl,
    tasks.map((id) => ({
      method: 'POST',
      path: `/api/v1/tasks/${id}/complete`,
      headers: {
        cookie: officer.cookieHeader(),
        'x-csrf-token': officer.csrfToken()!,
        'idempotency-key': randomUUID(),
        'content-type': 'application/json',
      },
      body: JSON.stringify({ outcome: 'approve', note: '材料齐全，予以受理' }),
    })),
    CONNECTIONS,
  );
  return [submissions, instant, completions];
}

/** The instant line measures what it says: its cases were approved as they were submitted. */
async function expectApproved(drafts: { c: Citizen; id: string }[]): Promise<void> {
  for (const { c, id } of [drafts[0]!, drafts[drafts.length - 1]!]) {
    const res = await c.api.get(`/api/v1/applications/${id}`);
    expectOk('read', res);
    if (res.body.status !== 'approved' || res.body.decidedBy !== 'rules')
      throw new Error(`instant-approval draft ${id} is ${res.body.status}, not approved by the rules`);
  }
}
