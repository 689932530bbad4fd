import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { residentIdCheckChar } from '@tongban/contracts';
import type { Browser } from 'playwright-core';
import { DESKTOP, launchBrowser, PHONE, saveScreenshots } from './support/browser.ts';
import { checkPage, continueFromForm, signedInPage } from './support/pages.ts';
import { DEMO_PASSWORD } from './support/people.ts';
import { type PlatformUnderTest, startPlatform } from './support/server.ts';

// 免证办 in Chromium, with an axe check (WCAG 2.1 A/AA) of the materials page: the demo citizen 张明
// (who holds a 户口簿 issued by PSB in the demo) starts a residence permit, fills the residence part,
// uses the e-licence instead of uploading the ID card, uploads the residence proof and submits.

const DEMO_CITIZEN = '33900119900315123' + residentIdCheckChar('33900119900315123');
const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
);

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

describe('an e-licence instead of an upload (免证办) in the browser', () => {
  test('the demo citizen uses their household register for a residence permit and submits', async (t) => {
    try {
      const page = await signedInPage(browser, platform.url, 'applicant', DEMO_CITIZEN, DEMO_PASSWORD);
      await page.goto('/services/PSB-RP');
      await page.getByTestId('apply-online').click();
      await page.waitForURL(/\/applications\/[^/]+\/form$/);
      await page.getByTestId('smart-form').waitFor();
      await page.locator('#root_residence_residenceAddress').fill('明湖市东湖区湖滨路1号');
      await page.locator('#root_residence_regionCode').fill('339001');
      await page.locator('#root_residence_residenceMonths').fill('8');
      await page.getByRole('radio', { name: '合法稳定住所' }).check();
      await continueFromForm(page);

      const idCard = page.getByTestId('material-id_card');
      await page.getByTestId('licence-picker-id_card').waitFor();
      await checkPage(page, 'materials with an e-licence to choose');
      assert.match(await page.getByTestId('licence-picker-id_card').innerText(), /户口簿/);
      // The choice fits a 360 px wide phone.
      await page.setViewportSize(PHONE);
      await checkPage(page, 'materials with an e-licence to choose, 360 px');
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `no sideways scrolling at 360 px (${overflow} px)`);
      await page.setViewportSize(DESKTOP);
      await page.getByTestId('use-licence-id_card').click();
      await idCard.getByTestId('material-licence').waitFor();
      assert.match(await idCard.getByTestId('material-licence').innerText(), /户口簿/);
      assert.equal(await idCard.getAttribute('data-provided'), 'true');

      await page
        .getByTestId('material-residence_proof')
        .locator('input[type=file]')
        .setInputFiles({ name: '租赁合同.pdf', mimeType: 'application/pdf', buffer: PDF });
      await page.getByTestId('material-files-residence_proof').waitFor();
      await checkPage(page, 'materials, e-licence used');

      await page.getByTestId('materials-continue').click();
      await page.waitForURL(/\/check$/);
      await page.getByTestId('submit-application').click();
      await page.waitForURL(/\/submitted$/);
      assert.ok(
        (await page.getByTestId('case-number').innerText()).trim().length > 4,
        'a case number is shown',
      );
    } catch (err) {
      t.diagnostic(`screenshots: ${(await saveScreenshots(browser, 'licence-reuse')).join(', ')}`);
      throw err;
    }
  });
});
