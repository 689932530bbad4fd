import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { PDFDict, PDFDocument, PDFName } from 'pdf-lib';
import { demoApp, demoCitizen, signIn } from '../../testing/demo.ts';
import type { TestApp, TestClient } from '../../testing/harness.ts';
import { readEmbeddedSignature } from '../trust/index.ts';
import { licenceVerifyUrl, maxQrVersion, renderLicencePdf, verifyLicencePdf } from './licences.pdf.ts';
import { cachedTrust } from './licences.testkit.ts';

const run = promisify(execFile);
const cli = path.resolve(import.meta.dirname, '../../cli/verify-pdf.ts');

describe('licence PDF (sealed certificate, offline verification)', () => {
  let t: TestApp;
  let citizen: TestClient;
  let licence: { id: string; number: string; issuerDepartmentId: string };
  let pdf: Buffer;
  let jws: string;
  const dir = mkdtempSync(path.join(tmpdir(), 'tongban-pdf-'));
  before(async () => {
    t = await demoApp();
    citizen = await demoCitizen(t.app);
    const list = await citizen.get('/api/v1/me/licences?type=household_register');
    assert.equal(list.statusCode, 200, list.body);
    licence = list.json().items[0];
    assert.ok(licence, 'the demo citizen holds a household register');
    const res = await citizen.get(`/api/v1/me/licences/${licence.id}/pdf`);
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.headers['content-type'], 'application/pdf');
    pdf = res.rawPayload;
    jws = (await citizen.get(`/api/v1/me/licences/${licence.id}/vc`)).body.trim();
  });
  after(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('one A4 page with the Chinese font embedded as a subset, and the licence vc+jwt attached', async () => {
    const doc = await PDFDocument.load(pdf);
    assert.equal(doc.getPageCount(), 1);
    const { width, height } = doc.getPage(0).getSize();
    assert.deepEqual([Math.round(width), Math.round(height)], [595, 842]);
    assert.match(doc.getTitle() ?? '', new RegExp(`^户口簿 ${licence.number}$`));
    const dicts = doc.context
      .enumerateIndirectObjects()
      .map(([, obj]) => obj)
      .filter((obj): obj is PDFDict => obj instanceof PDFDict);
    const descriptors = dicts.filter((d) => d.get(PDFName.of('Type')) === PDFName.of('FontDescriptor'));
    assert.deepEqual(descriptors.map((d) => String(d.get(PDFName.of('FontName')))).sort(), [
      '/NotoSerifSC',
      '/NotoSerifSC-Bold',
    ]);
    assert.ok(
      descriptors.every((d) => d.get(PDFName.of('FontFile2'))),
      'the TrueType programs are embedded',
    );
    // Subsets: the whole font is 15 MB; the page uses a few dozen glyphs.
    assert.ok(pdf.length < 150_000, `${pdf.length} bytes`);

    const embedded = await readEmbeddedSignature(pdf);
    assert.equal(embedded.fileName, 'licence.vc.jwt');
    assert.equal(embedded.jws, jws, 'the attachment is the licence credential the wallet downloads');
    const again = await citizen.get(`/api/v1/me/licences/${licence.id}/pdf`);
    assert.ok(Buffer.compare(again.rawPayload, pdf) === 0, 'the same licence renders to the same bytes');
  });

  test('the PDF verifies offline from cached keys and status lists; an altered signature does not', async () => {
    const trust = await cachedTrust(t, jws, [licence.issuerDepartmentId]);
    const ok = await verifyLicencePdf(pdf, { jwks: trust.keys, statusLists: trust.statusLists });
    assert.equal(ok.verified, true, JSON.stringify(ok.checks));
    assert.equal(ok.credential?.number, licence.number);

    // The same certificate with one field of the credential changed (the signature left as it was).
    const [h, p, s] = jws.split('.') as [string, string, string];
    const vc = JSON.parse(Buffer.from(p, 'base64url').toString());
    vc.credentialSubject.householdAddress = '明湖市西湖区1号';
    const forged = `${h}.${Buffer.from(JSON.stringify(vc)).toString('base64url')}.${s}`;
    const detail = (await citizen.get(`/api/v1/me/licences/${licence.id}`)).json();
    const forgedPdf = await renderLicencePdf({
      number: detail.number,
      type: { code: detail.typeCode, nameZh: detail.typeNameZh, nameEn: detail.typeNameEn },
      holder: { name: '张明' },
      fields: [],
      issuer: { nameZh: detail.issuerNameZh, nameEn: detail.issuerNameEn },
      issuedAt: detail.issuedAt,
      validFrom: detail.validFrom,
      validUntil: detail.validUntil,
      jws: forged,
      publicUrl: t.config.publicUrl,
    });
    const bad = await verifyLicencePdf(forgedPdf, { jwks: trust.keys, statusLists: trust.statusLists });
    assert.equal(bad.verified, false);
    assert.equal(bad.checks.find((c) => c.check === 'signature')?.passed, false);

    const noKeys = await verifyLicencePdf(pdf, { jwks: { keys: [] }, statusLists: trust.statusLists });
    assert.equal(noKeys.verified, false, 'without the issuer key nothing is verified');
    const notPdf = await verifyLicencePdf(Buffer.from('%PDF-1.4\n%%EOF\n'), { jwks: trust.keys });
    assert.equal(notPdf.verified, false);
  });

  test('npm run licence:verify-pdf says VERIFIED for the genuine PDF, and NOT VERIFIED once it is revoked (keys from a file, then from --url)', async () => {
    const trust = await cachedTrust(t, jws, [licence.issuerDepartmentId]);
    const files = {
      pdf: path.join(dir, 'licence.pdf'),
      keys: path.join(dir, 'keys.json'),
      lists: path.join(dir, 'lists.json'),
    };
    writeFileSync(files.pdf, pdf);
    writeFileSync(files.keys, JSON.stringify(trust.keys));
    writeFileSync(files.lists, JSON.stringify(trust.statusLists));
    const args = ['--import', 'tsx', cli, files.pdf, '--jwks', files.keys, '--status-lists', files.lists];
    const ok = await run(process.execPath, args);
    assert.match(ok.stdout, /\nVERIFIED\n/);
    assert.match(ok.stdout, new RegExp(licence.number));

    // Revoked by the department since: fetched once from the platform (--url), its status list says so.
    const officer = await signIn(t.app, 'psb.head');
    const revoked = await officer.post(`/api/v1/licences/${licence.id}/status`, {
      action: 'revoke',
      reason: '户口迁出',
    });
    assert.equal(revoked.statusCode, 200, revoked.body);
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const url = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
    const after = await run(process.execPath, ['--import', 'tsx', cli, files.pdf, '--url', url]).then(
      () => assert.fail('a revoked licence must not verify'),
      (err: { code: number; stdout: string }) => err,
    );
    assert.equal(after.code, 1);
    assert.match(after.stdout, /NOT VERIFIED/);
    assert.match(after.stdout, /ok {3}signature/);
    assert.match(after.stdout, /LICENCE_VERIFY_REVOKED/);
  });

  test('the QR code holds the credential when it fits a printable QR, else the licence number', () => {
    const small = licenceVerifyUrl({ publicUrl: 'https://gov.example/', jws: 'a.b.c', number: 'N-1' });
    assert.equal(small, 'https://gov.example/verify#vc=a.b.c');
    const big = licenceVerifyUrl({ publicUrl: 'https://gov.example', jws, number: licence.number });
    assert.equal(big, `https://gov.example/verify?licence=${encodeURIComponent(licence.number)}`);
    // A business licence's credential (~6 KB) is more than any QR code holds: still the number.
    const huge = licenceVerifyUrl({ publicUrl: 'https://gov.example', jws: 'x'.repeat(6000), number: 'N-2' });
    assert.equal(huge, 'https://gov.example/verify?licence=N-2');
    assert.ok(maxQrVersion <= 25);
  });
});
