import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestApp, multipartBody, type TestApp, TestClient } from '../testing/harness.ts';

describe('platform HTTP behaviour', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(async () => t.close());

  test('health endpoints answer', async () => {
    const live = await t.app.inject({ url: '/health/live' });
    assert.equal(live.statusCode, 200);
    const ready = await t.app.inject({ url: '/health/ready' });
    assert.deepEqual(ready.json(), { status: 'ok' });
  });

  test('metrics are exposed in Prometheus format', async () => {
    const res = await t.app.inject({ url: '/metrics' });
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /http_request_duration_seconds/);
  });

  test('OpenAPI 3.1 document is served', async () => {
    const res = await t.app.inject({ url: '/api/docs/json' });
    assert.equal(res.statusCode, 200);
    assert.equal(res.json().openapi, '3.1.0');
  });

  test('unknown API path is a localized NOT_FOUND', async () => {
    const zh = await t.app.inject({ url: '/api/v1/nope', headers: { 'accept-language': 'zh-CN' } });
    assert.equal(zh.statusCode, 404);
    assert.equal(zh.json().error.code, 'NOT_FOUND');
    assert.equal(zh.json().error.message, '请求的资源不存在');
    const en = await t.app.inject({ url: '/api/v1/nope', headers: { 'accept-language': 'en-GB,en;q=0.9' } });
    assert.equal(en.json().error.message, 'The requested resource does not exist');
  });

  test('state-changing request without CSRF token is refused', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/anything', payload: {} });
    assert.equal(res.statusCode, 403);
    assert.equal(res.json().error.code, 'CSRF_TOKEN_INVALID');
  });

  test('request ids are echoed', async () => {
    const res = await t.app.inject({ url: '/health/live', headers: { 'x-request-id': 'abc12345-test' } });
    assert.equal(res.headers['x-request-id'], 'abc12345-test');
  });

  test('file store keeps content by hash and sniffs types from bytes', async () => {
    const { files, db } = t.app.platform;
    const png = Buffer.from(
      '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a5b5f5e00000000049454e44ae426082',
      'hex',
    );
    const a = await files.put(db, png, 'photo.png');
    const b = await files.put(db, png, 'again.PNG');
    assert.equal(a.sha256, b.sha256);
    assert.equal(a.mimeType, 'image/png');
    await assert.rejects(files.put(db, png, 'photo.pdf'), { code: 'FILE_TYPE_MISMATCH' });
    await assert.rejects(files.put(db, Buffer.from('MZ not allowed'), 'x.pdf'), {
      code: 'FILE_TYPE_NOT_ALLOWED',
    });
  });

  test('test client helper builds multipart bodies', () => {
    const { payload, headers } = multipartBody({ a: '1' });
    assert.match(headers['content-type'], /multipart\/form-data/);
    assert.ok(payload.length > 0);
    assert.ok(new TestClient(t.app));
  });
});
