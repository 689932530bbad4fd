import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';

/** A minimal valid PDF, as a scanned material. */
export const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
);

export interface HttpResult<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

/**
 * A browser-like API client over real HTTP: keeps cookies, fetches the CSRF token once and sends
 * it on every state-changing request, as the web app does. One per user.
 */
export class HttpClient {
  private readonly cookies = new Map<string, string>();
  private csrf: string | undefined;

  constructor(
    readonly baseUrl: string,
    readonly locale: 'zh-CN' | 'en' = 'en',
  ) {}

  async request<T = any>(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<HttpResult<T>> {
    const unsafe = method !== 'GET' && method !== 'HEAD';
    if (unsafe && !this.csrf) await this.refreshCsrf();
    const isForm = body instanceof FormData;
    const res = await fetch(this.baseUrl + path, {
      method,
      headers: {
        'accept-language': this.locale,
        ...(body !== undefined && !isForm ? { 'content-type': 'application/json' } : {}),
        ...(unsafe && this.csrf ? { 'x-csrf-token': this.csrf } : {}),
        ...(this.cookies.size ? { cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ') } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : isForm ? body : JSON.stringify(body),
    });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      if (value === '' || /max-age=0/i.test(c)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    const text = await res.text();
    let parsed: unknown = text;
    if ((res.headers.get('content-type') ?? '').includes('json') && text) parsed = JSON.parse(text);
    return { status: res.status, body: parsed as T, headers: res.headers };
  }

  get<T = any>(path: string) {
    return this.request<T>('GET', path);
  }
  post<T = any>(path: string, body: unknown = {}, headers?: Record<string, string>) {
    return this.request<T>('POST', path, body, headers);
  }
  put<T = any>(path: string, body: unknown = {}) {
    return this.request<T>('PUT', path, body);
  }

  /** Submits with a fresh Idempotency-Key, as the web does. */
  submit<T = any>(path: string) {
    return this.request<T>('POST', path, {}, { 'idempotency-key': randomUUID() });
  }

  async refreshCsrf() {
    const res = await this.get<{ token: string }>('/api/v1/csrf-token');
    this.csrf = res.body.token;
  }

  async signIn(login: string, password: string) {
    const res = await this.post('/api/v1/auth/signin', { login, password });
    if (res.status !== 200)
      throw new Error(`sign-in of ${login} failed: ${res.status} ${JSON.stringify(res.body)}`);
    // The session changes; fetch a token bound to the new cookies, as the web does after sign-in.
    await this.refreshCsrf();
    return res.body;
  }

  /** The session and CSRF cookies, for a load generator that sends them itself. */
  cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
  csrfToken(): string | undefined {
    return this.csrf;
  }
}

/**
 * Has a demo officer decide their step of a case over the API, for the steps a browser test is not
 * about. `claim` first where the test wants the step claimed explicitly, as the workbench does.
 */
export async function completeTaskThroughApi(
  baseUrl: string,
  login: string,
  password: string,
  caseNumber: string,
  decision: { outcome: 'approve' | 'reject'; note: string; claim?: boolean },
) {
  const officer = new HttpClient(baseUrl, 'zh-CN');
  await officer.signIn(login, password);
  const inbox = await officer.get('/api/v1/tasks?view=inbox&limit=100');
  const task = inbox.body.items.find((t: { caseNumber: string }) => t.caseNumber === caseNumber);
  assert.ok(task, `${login} has the case ${caseNumber} in the inbox`);
  if (decision.claim) assert.equal((await officer.post(`/api/v1/tasks/${task.id}/claim`)).status, 200);
  const done = await officer.post(`/api/v1/tasks/${task.id}/complete`, {
    outcome: decision.outcome,
    note: decision.note,
  });
  assert.equal(done.status, 200, JSON.stringify(done.body));
}

/**
 * Resolves once `check` holds, asking again every 100 ms: for what the outbox does after a commit
 * (notifications, status changes). Fails naming `what` when it does not hold within `timeoutMs`.
 */
export async function eventually(what: string, check: () => Promise<boolean>, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) assert.fail(`${what}: not within ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Files a case as an applicant over the API, for the steps a browser test is not about: a draft
 * with `formData`, one PDF for each of `materials`, then submit. Returns the applicant's client too.
 */
export async function submitThroughApi(
  baseUrl: string,
  who: { login: string; password: string },
  serviceId: string,
  formData: Record<string, unknown>,
  materials: string[],
) {
  const api = new HttpClient(baseUrl);
  await api.signIn(who.login, who.password);
  const draft = await api.post('/api/v1/applications', { serviceId, formData });
  assert.equal(draft.status, 201, JSON.stringify(draft.body));
  const id = draft.body.id as string;
  for (const code of materials) {
    const body = new FormData();
    body.append('materialCode', code);
    body.append('file', new Blob([PDF], { type: 'application/pdf' }), `${code}.pdf`);
    const uploaded = await api.post(`/api/v1/applications/${id}/materials`, body);
    assert.equal(uploaded.status, 201, JSON.stringify(uploaded.body));
  }
  const submitted = await api.submit(`/api/v1/applications/${id}/submit`);
  assert.equal(submitted.status, 200, JSON.stringify(submitted.body));
  return { id, caseNumber: submitted.body.caseNumber as string, api };
}
