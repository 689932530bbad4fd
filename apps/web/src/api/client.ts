import i18n, { currentLang } from '../i18n/index.ts';

/** A field error from the API: a JSON pointer into the submitted document and a localized message. */
export interface FieldError {
  pointer: string;
  code: string;
  message: string;
}

/** An error answered by the API as `{error:{code,message,details}}`; `message` is already localized. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: unknown[] = [],
  ) {
    super(message);
  }

  get fieldErrors(): FieldError[] {
    return this.details.filter(
      (d): d is FieldError =>
        typeof d === 'object' && d !== null && typeof (d as FieldError).pointer === 'string',
    );
  }
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const BASE = '/api/v1';
let csrfToken: Promise<string> | null = null;
let onUnauthenticated: (() => void) | null = null;

/** The router registers how to send the user to sign-in (keeps the SPA state instead of a full reload). */
export function setUnauthenticatedHandler(fn: (() => void) | null) {
  onUnauthenticated = fn;
}

function fetchCsrfToken(): Promise<string> {
  csrfToken ??= fetch(`${BASE}/csrf-token`, { credentials: 'same-origin' })
    .then((r) => (r.ok ? r.json() : Promise.reject(new Error(`csrf ${r.status}`))))
    .then((b: { token: string }) => b.token)
    .catch((e) => {
      csrfToken = null;
      throw e;
    });
  return csrfToken;
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  idempotencyKey?: string;
  /** For calls where 401 is an expected answer (e.g. "who am I"), not a reason to leave the page. */
  allowUnauthenticated?: boolean;
  signal?: AbortSignal;
}

async function send(path: string, opts: RequestOptions, retried: boolean): Promise<Response> {
  const method = opts.method ?? 'GET';
  const headers: Record<string, string> = { Accept: 'application/json', 'Accept-Language': currentLang() };
  let body: BodyInit | undefined;
  if (opts.body instanceof FormData) body = opts.body;
  else if (opts.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(opts.body);
  }
  if (UNSAFE.has(method)) headers['x-csrf-token'] = await fetchCsrfToken();
  if (opts.idempotencyKey) headers['Idempotency-Key'] = opts.idempotencyKey;
  const res = await fetch(`${BASE}${path}`, {
    method,
    headers,
    body,
    credentials: 'same-origin',
    signal: opts.signal,
  });
  // A new session may come with a new CSRF secret: fetch a fresh token and retry once.
  if (res.status === 403 && UNSAFE.has(method) && !retried) {
    const err = await res
      .clone()
      .json()
      .catch(() => null);
    if (err?.error?.code === 'CSRF_TOKEN_INVALID') {
      csrfToken = null;
      return send(path, opts, true);
    }
  }
  return res;
}

async function toApiError(res: Response): Promise<ApiError> {
  const body = await res.json().catch(() => null);
  const e = body?.error;
  if (e && typeof e.code === 'string')
    return new ApiError(res.status, e.code, e.message ?? e.code, e.details ?? []);
  return new ApiError(res.status, 'HTTP_' + res.status, res.statusText || `HTTP ${res.status}`);
}

/** Calls the API; resolves with the parsed JSON body, rejects with an ApiError. */
export async function api<T>(path: string, opts: RequestOptions = {}): Promise<T> {
  let res: Response;
  try {
    res = await send(path, opts, false);
  } catch (e) {
    if ((e as Error).name === 'AbortError') throw e;
    throw new ApiError(0, 'NETWORK_ERROR', i18n.t('common.networkError'));
  }
  if (!res.ok) {
    const err = await toApiError(res);
    if (res.status === 401 && !opts.allowUnauthenticated) onUnauthenticated?.();
    throw err;
  }
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

/** Forgets the CSRF token (after sign-in or sign-out the server may issue a new secret). */
export function resetCsrf() {
  csrfToken = null;
}

/** A UUID v4; `crypto.randomUUID` exists only in secure contexts, so build it from random bytes otherwise. */
export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
