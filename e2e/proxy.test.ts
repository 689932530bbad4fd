import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, newUser, saveScreenshots } from './support/browser.ts';
import { HttpClient } from './support/http.ts';
import { checkPage, signedInPage } from './support/pages.ts';
import { DEMO_PASSWORD, type NewCitizen, newCitizen } from './support/people.ts';
import { type PlatformUnderTest, startPlatform } from './support/server.ts';

// Assisted filing (代办) in Chromium, with an axe check (WCAG 2.1 A/AA) of every new page: a citizen
// authorizes a family member in "My authorizations"; the family member starts a housing-fund withdrawal,
// chooses to file it for the citizen and lands on a form pre-filled with the citizen's data; the citizen
// revokes and the proxy is stopped; a window officer files for a citizen at the counter with the scan of
// the signed form.

let platform: PlatformUnderTest;
let browser: Browser;
const run = Date.now() % 100_000;
const grantor = newCitizen(400_000 + run, '周明湖');
const proxy = newCitizen(500_000 + run, '吴晓东');

before(async () => {
  platform = await startPlatform();
  browser = await launchBrowser();
  for (const c of [grantor, proxy]) {
    const res = await new HttpClient(platform.url).post('/api/v1/auth/signup/citizen', c);
    assert.equal(res.status, 201, JSON.stringify(res.body));
  }
});
after(async () => {
  await browser?.close();
  await platform?.close();
});

function citizenPage(who: NewCitizen): Promise<Page> {
  return signedInPage(browser, platform.url, 'applicant', who.idNumber, who.password);
}

describe('assisted filing (代办) in the browser', () => {
  test('authorize a family member, file for them, revoke; a window files at the counter', async (t) => {
    try {
      const a = await citizenPage(grantor);
      await a.goto('/me/authorizations');
      await a.getByTestId('grant-family').click();
      await a.getByTestId('grant-proxy-name').fill(proxy.name);
      await a.getByTestId('grant-proxy-id').fill(proxy.idNumber);
      await a.getByRole('radio', { name: '配偶' }).check();
      await checkPage(a, 'grant a family member');
      await a.getByTestId('grant-submit').click();
      const granted = a.getByTestId('authorizations-granted');
      await granted.getByText(proxy.name).waitFor();
      assert.match(await granted.innerText(), /生效中/);
      assert.ok(!(await granted.innerText()).includes(proxy.idNumber), 'the ID number is shown masked');
      await checkPage(a, 'my authorizations');

      const b = await citizenPage(proxy);
      await b.goto('/me/authorizations?direction=received');
      await b.getByTestId('authorizations-received').getByText(grantor.name).waitFor();
      await checkPage(b, 'authorizations given to me');
      await b.goto('/services/HPF-WD/apply');
      await b.getByTestId('apply-for').waitFor();
      await checkPage(b, 'who is this application for');
      await b.getByRole('radio', { name: new RegExp(grantor.name) }).check();
      await b.getByTestId('apply-for-continue').click();
      await b.waitForURL(/\/applications\/[^/]+\/form$/);
      await b.getByTestId('acting-for').waitFor();
      await b.getByTestId('smart-form').waitFor();
      assert.match(await b.getByTestId('acting-for').innerText(), new RegExp(grantor.name));
      // Pre-filled with the applicant's data, not the proxy's.
      const values = await b
        .locator('[data-testid="smart-form"] input')
        .evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value));
      assert.ok(values.includes(grantor.idNumber), `the citizen's ID number is pre-filled: ${values}`);
      assert.ok(!values.includes(proxy.idNumber), "the proxy's own ID number is not");
      await checkPage(b, 'form filed for someone else');
      const draftUrl = b.url();

      await a.goto('/me/authorizations');
      await a.getByTestId('authorizations-granted').getByRole('button', { name: '撤 销' }).click();
      await a.locator('.ant-popconfirm').getByRole('button', { name: '撤 销' }).click();
      await a.getByTestId('authorizations-granted').getByText('已撤销').waitFor();
      await a.goto('/applications');
      await a.getByTestId('both-names').first().waitFor();
      assert.match(await a.getByTestId('both-names').first().innerText(), new RegExp(`代办人 ${proxy.name}`));

      await b.goto(draftUrl);
      await b.getByText('申请人已撤销代办授权').waitFor();

      const officer = await (await newUser(browser, platform.url)).newPage();
      await officer.goto('/signin');
      await officer.getByTestId('signin-login').fill('hpf.window');
      await officer.getByTestId('signin-password').fill(DEMO_PASSWORD);
      await officer.getByTestId('signin-submit').click();
      await officer.waitForURL(/\/workbench/);
      await officer.getByTestId('workbench-counter').click();
      await officer.waitForURL(/\/workbench\/counter$/);
      await officer.getByTestId('counter-service').click();
      await officer.getByTitle(/住房公积金提取/).click();
      await officer.getByTestId('counter-name').fill(grantor.name);
      await officer.getByTestId('counter-id-number').fill(grantor.idNumber);
      await officer.locator('input[type=file]').setInputFiles({
        name: '授权委托书.pdf',
        mimeType: 'application/pdf',
        buffer: Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n'),
      });
      await checkPage(officer, 'file at the counter');
      await officer.getByTestId('counter-submit').click();
      await officer.waitForURL(/\/applications\/[^/]+\/form$/);
      await officer.getByTestId('acting-for').waitFor();
      await checkPage(officer, 'counter draft');
    } catch (err) {
      t.diagnostic(`screenshots: ${(await saveScreenshots(browser, 'proxy')).join(', ')}`);
      throw err;
    }
  });
});
