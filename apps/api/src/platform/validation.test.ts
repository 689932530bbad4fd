import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import pino from 'pino';
import { Type } from 'typebox';
import { createTestApp, type TestApp, TestClient } from '../testing/harness.ts';
import { REDACT_PATHS } from './logger.ts';

describe('request validation at the boundary', () => {
  let t: TestApp;
  let writes = 0;
  before(async () => {
    t = await createTestApp({}, (app) => {
      app.post(
        '/api/v1/test/echo',
        {
          schema: {
            body: Type.Object(
              { name: Type.String({ minLength: 2 }), age: Type.Integer({ minimum: 0 }) },
              { additionalProperties: false },
            ),
            querystring: Type.Object({ n: Type.Optional(Type.Integer()) }),
          },
        },
        async (req) => {
          writes += 1;
          return { ok: true, body: req.body, query: req.query };
        },
      );
    });
  });
  after(async () => t.close());

  test('malformed JSON is MALFORMED_JSON, localized', async () => {
    const c = new TestClient(t.app, 'zh-CN');
    const res = await c.post('/api/v1/test/echo', '{"name": "ab",', { 'content-type': 'application/json' });
    assert.equal(res.statusCode, 400);
    assert.equal(res.json().error.code, 'MALFORMED_JSON');
    assert.equal(res.json().error.message, '请求内容不是有效的 JSON');
    assert.doesNotMatch(res.body, /at .*\.(js|ts):\d+/, 'no stack trace');
  });

  test('wrong types are not coerced and every field error comes at once', async () => {
    const c = new TestClient(t.app, 'en');
    const res = await c.post('/api/v1/test/echo', { name: 'a', age: '12', extra: true });
    assert.equal(res.statusCode, 400);
    const { code, details } = res.json().error;
    assert.equal(code, 'VALIDATION_FAILED');
    const pointers = details.map((d: { pointer: string }) => d.pointer).sort();
    assert.deepEqual(pointers, ['/age', '/extra', '/name']);
    assert.equal(writes, 0, 'the handler never ran');
  });

  test('field errors are localized in Chinese', async () => {
    const c = new TestClient(t.app, 'zh-CN');
    const res = await c.post('/api/v1/test/echo', { name: 'ab' });
    const [detail] = res.json().error.details;
    assert.equal(detail.pointer, '/age');
    assert.match(detail.message, /应当有必需属性/);
  });

  test('query strings are coerced from text', async () => {
    const c = new TestClient(t.app);
    const res = await c.post('/api/v1/test/echo?n=5', { name: 'ab', age: 3 });
    assert.equal(res.statusCode, 200);
    assert.deepEqual(res.json().query, { n: 5 });
  });

  test('an oversized body is refused with PAYLOAD_TOO_LARGE, not a crash', async () => {
    const c = new TestClient(t.app);
    const res = await c.post('/api/v1/test/echo', { name: 'x'.repeat(2 * 1024 * 1024), age: 1 });
    assert.equal(res.statusCode, 413);
    assert.equal(res.json().error.code, 'PAYLOAD_TOO_LARGE');
  });
});

describe('logs', () => {
  test('personal data and credentials are redacted', () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _enc, cb) {
        lines.push(String(chunk));
        cb();
      },
    });
    const log = pino({ redact: { paths: REDACT_PATHS, censor: '[redacted]' } }, sink);
    log.info({ account: { idNumber: '11010519491231002X', phone: '13812345678', password: 'secret1' } }, 'x');
    assert.equal(lines.length, 1);
    assert.doesNotMatch(lines[0]!, /11010519491231002X|13812345678|secret1/);
  });
});
