import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { residentIdCheckChar } from '@tongban/contracts';
import type { Browser } from 'playwright-core';
import { launchBrowser, PHONE, saveScreenshots } from './support/browser.ts';
import { HttpClient } from './support/http.ts';
import { checkPage, signedInPage } from './support/pages.ts';
import { DEMO_PASSWORD } from './support/people.ts';
import { type PlatformUnderTest, startPlatform } from './support/server.ts';

// Consent and "who used my data" in Chromium with axe checks (WCAG 2.1 A/AA): the bank's client system
// (registered by the market regulation bureau) asks the demo citizen 张明 for consent; he finds the request
// under 我的数据授权, reads it in plain words and agrees; the consent is listed and can be revoked; 谁用了我的数据
// and the department admin's 数据共享交换 page open (the consent pages also at 360 px).

const DEMO_CITIZEN = '33900119900315123' + residentIdCheckChar('33900119900315123');

let platform: PlatformUnderTest;
let browser: Browser;
before(async () => {
  platform = await startPlatform();
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await platform?.close();
});

async function bankAsksConsent(): Promise<string> {
  const admin = new HttpClient(platform.url, 'zh-CN');
  assert.equal(
    (await admin.post('/api/v1/auth/signin', { login: 'samr.admin', password: DEMO_PASSWORD })).status,
    200,
  );
  const clients = (await admin.get('/api/v1/admin/exchange/clients')).body.items as {
    id: string;
    clientId: string;
  }[];
  const bank = clients.find((c) => c.clientId === 'minghu-bank');
  assert.ok(bank, 'the demo bank client is registered by SAMR');
  const res = await admin.post(`/api/v1/admin/exchange/clients/${bank.id}/consent-requests`, {
    dataset: 'LICENCES-HELD',
    subject: { kind: 'citizen', idNumber: DEMO_CITIZEN },
    purpose: 'ACCOUNT_OPENING',
    fields: ['name', 'heldLicences'],
    retentionDays: 90,
    validDays: 30,
  });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body.id;
}

describe('consent and who used my data in the browser', () => {
  test('the citizen answers a consent request, sees it listed and revokes it; the admin page opens', async (t) => {
    try {
      const requestId = await bankAsksConsent();
      const page = await signedInPage(browser, platform.url, 'applicant', DEMO_CITIZEN, DEMO_PASSWORD);
      await page.getByTestId('account-menu').click();
      await page.getByRole('menuitem', { name: '我的数据授权' }).click();
      await page.waitForURL(/\/me\/consents$/);
      await page.getByTestId('consent-pending').getByRole('link').first().click();
      await page.waitForURL(new RegExp(`/consents/requests/${requestId}$`));
      await page.getByTestId('consent-request').waitFor();
      assert.match(await page.getByTestId('consent-request').innerText(), /银行开户核验/);
      await checkPage(page, 'consent request');
      await page.getByTestId('consent-grant').click();
      await page.getByText('您已同意').waitFor();

      await page.goto('/me/consents');
      await page.getByTestId('consent-list').getByText('明湖农商银行开户系统').waitFor();
      await checkPage(page, 'my consents');
      // antd spaces out two-character Chinese button labels (撤 回).
      await page
        .getByTestId('consent-list')
        .getByRole('button', { name: /撤\s?回/ })
        .click();
      await page
        .getByRole('dialog')
        .getByRole('button', { name: /撤\s?回/ })
        .click();
      await page.getByTestId('consent-list').getByText('已撤回').waitFor();

      await page.goto('/me/data-usage');
      await page.getByTestId('data-usage').waitFor();
      await checkPage(page, 'who used my data');

      const narrow = await signedInPage(
        browser,
        platform.url,
        'applicant',
        DEMO_CITIZEN,
        DEMO_PASSWORD,
        PHONE,
      );
      await narrow.goto('/me/consents');
      await narrow.getByTestId('consent-list').waitFor();
      await checkPage(narrow, 'my consents at 360 px');
      const overflow = await narrow.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 1, `the page scrolls sideways by ${overflow}px at 360 px`);

      const admin = await signedInPage(browser, platform.url, 'staff', 'samr.admin', DEMO_PASSWORD);
      await admin.goto('/admin/exchange');
      await admin.getByTestId('exchange-datasets').getByText('LICENCES-HELD', { exact: false }).waitFor();
      await checkPage(admin, 'exchange admin');
      await admin.getByRole('tab', { name: '接入系统' }).click();
      await admin.getByTestId('exchange-clients').getByText('minghu-bank', { exact: true }).waitFor();
      await checkPage(admin, 'exchange clients');
    } catch (err) {
      t.diagnostic(`screenshots: ${(await saveScreenshots(browser, 'consent')).join(', ')}`);
      throw err;
    }
  });
});
