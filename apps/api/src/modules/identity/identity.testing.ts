import { creditCodeCheckChar, residentIdCheckChar } from '@tongban/contracts';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { TestClient } from '../../testing/harness.ts';

let clients = 0;
let people = 0;

/**
 * A browser with its own client address, so the per-address sign-in rate limit of one test does
 * not spill into the next.
 */
export class Browser extends TestClient {
  readonly ip: string;
  constructor(app: FastifyInstance, locale: 'zh-CN' | 'en' = 'en') {
    super(app, locale);
    clients++;
    this.ip = `10.${(clients >> 8) & 255}.${clients & 255}.${1 + (process.pid % 250)}`;
  }
  override request(
    method: InjectOptions['method'],
    url: string,
    payload?: InjectOptions['payload'],
    headers: Record<string, string> = {},
  ) {
    return super.request(method, url, payload, { 'x-forwarded-for': this.ip, ...headers });
  }
}

export const PASSWORD = 'correct horse 42';

/** A valid, unused resident ID number: born 1990-03-15 in Donghu District, with its check digit. */
export function newIdNumber(): string {
  const first17 = `33900119900315${String(++people % 1000).padStart(3, '0')}`;
  return first17 + residentIdCheckChar(first17);
}

/** A valid, unused unified social credit code of region 339000. */
export function newCreditCode(): string {
  const first17 = `91339000MA${String(++people).padStart(7, '0')}`;
  return first17 + creditCodeCheckChar(first17);
}

export function citizenBody(over: Record<string, unknown> = {}) {
  return { name: '王小红', idNumber: newIdNumber(), phone: '13912345678', password: PASSWORD, ...over };
}

export function enterpriseBody(over: Record<string, unknown> = {}) {
  return {
    companyName: '明湖测试科技有限公司',
    creditCode: newCreditCode(),
    legalRepName: '赵明湖',
    phone: '13712345678',
    password: PASSWORD,
    ...over,
  };
}

export async function signIn(browser: TestClient, login: string, password = PASSWORD) {
  return browser.post('/api/v1/auth/signin', { login, password });
}
