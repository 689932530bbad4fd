import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { residentIdCheckChar } from '@tongban/contracts';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, newUser, PHONE, saveScreenshots } from './support/browser.ts';
import { checkPage, signedInPage, signInApplicant } from './support/pages.ts';
import { DEMO_PASSWORD } from './support/people.ts';
import { type PlatformUnderTest, startPlatform } from './support/server.ts';

// E-licences in Chromium with axe checks (WCAG 2.1 A/AA): the demo citizen 张明 opens 我的证照, opens
// their 户口簿, shows it (亮证) as a QR code holding the compact presentation; a verifier opens the QR code's address in another browser without
// signing in and sees it verified; the same code opened again is refused (used once); the licence's
// PDF uploaded there verifies from its embedded signature. The licence page is also checked at 360 px.

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

/** Opens the verify address as someone who never signed in, and waits for the verdict. */
async function verifyAsStranger(url: string): Promise<Page> {
  const page = await (await newUser(browser, platform.url)).newPage();
  // The QR code names the public URL; the verifier reaches the same server.
  const target = new URL(url);
  await page.goto(`${target.pathname}${target.search}${target.hash}`);
  await page.getByTestId('verify-result').waitFor();
  return page;
}

describe('e-licences: wallet, 亮证 and public verification in the browser', () => {
  test('the holder shows a licence; a stranger verifies it once, without signing in', async (t) => {
    try {
      const page = await signedInPage(browser, platform.url, 'applicant', DEMO_CITIZEN, DEMO_PASSWORD);
      await page.getByTestId('account-menu').click();
      await page.getByRole('menuitem', { name: '我的证照' }).click();
      await page.waitForURL(/\/me\/licences$/);
      await page.getByTestId('licence-household_register').waitFor();
      await checkPage(page, 'wallet');
      assert.equal(await page.getByTestId('licence-household_register').getAttribute('data-status'), 'valid');

      await page.getByTestId('licence-household_register').getByTestId('licence-link').click();
      await page.getByTestId('licence-detail').waitFor();
      assert.match(await page.getByTestId('licence-fields').innerText(), /张明/);
      const number = (await page.getByTestId('licence-number').innerText()).trim();
      await checkPage(page, 'licence page');

      await page.getByTestId('show-licence').click();
      const shown = page.getByTestId('presentation');
      await shown.waitFor();
      assert.match(await page.getByTestId('countdown').innerText(), /[12]:\d\d|0:\d\d/);
      // The QR code holds the compact presentation (#q=): drawn, not the copy-link fallback.
      const verifyUrl = (await shown.getAttribute('data-qr-url')) ?? '';
      assert.match(verifyUrl, /\/verify#q=/);
      assert.ok(Number(await shown.getAttribute('data-url-bytes')) <= 1000);
      t.diagnostic(`QR code link: ${await shown.getAttribute('data-url-bytes')} bytes`);
      await shown.locator('canvas').waitFor();
      assert.equal(await page.getByTestId('presentation-too-long').count(), 0);
      await checkPage(page, 'licence page with the QR code');

      const verifier = await verifyAsStranger(verifyUrl);
      const result = verifier.getByTestId('verify-result');
      assert.equal(await result.getAttribute('data-verified'), 'true', await result.innerText());
      const text = await result.innerText();
      assert.match(text, /验证通过/);
      assert.match(text, new RegExp(number));
      assert.doesNotMatch(text, new RegExp(DEMO_CITIZEN));
      for (const check of ['signature', 'issuerKey', 'validity', 'status', 'digest', 'disclosure', 'nonce']) {
        const row = verifier.locator(`[data-check="${check}"]`).first();
        assert.equal(await row.getAttribute('data-passed'), 'true', `${check}: ${await row.innerText()}`);
      }
      await checkPage(verifier, 'verify page (verified)');

      // The same QR code scanned again (a screenshot) is refused.
      const replay = await verifyAsStranger(verifyUrl);
      assert.equal(await replay.getByTestId('verify-result').getAttribute('data-verified'), 'false');
      await checkPage(replay, 'verify page (refused)');

      // The licence PDF the holder downloads verifies on the same page from its embedded signature.
      const pdf = await page.request.get((await page.getByTestId('download-pdf').getAttribute('href')) ?? '');
      assert.equal(pdf.headers()['content-type'], 'application/pdf');
      await replay.getByTestId('verify-file').setInputFiles({
        name: `${number}.pdf`,
        mimeType: 'application/pdf',
        buffer: await pdf.body(),
      });
      await replay.locator('[data-testid="verify-result"][data-verified="true"]').waitFor();
    } catch (err) {
      t.diagnostic(`screenshots: ${(await saveScreenshots(browser, 'licences')).join(', ')}`);
      throw err;
    }
  });

  test('the licence page fits a 360 px wide phone', async (t) => {
    try {
      const page = await (await newUser(browser, platform.url, PHONE)).newPage();
      await signInApplicant(page, DEMO_CITIZEN, DEMO_PASSWORD);
      await page.goto('/me/licences');
      await page.getByTestId('licence-marriage_certificate').getByTestId('licence-link').click();
      await page.getByTestId('licence-detail').waitFor();
      await page.getByTestId('show-licence').click();
      await page.getByTestId('presentation').locator('canvas').waitFor();
      await checkPage(page, 'licence page at 360 px');
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `the page scrolls sideways by ${overflow}px`);
    } catch (err) {
      t.diagnostic(`screenshots: ${(await saveScreenshots(browser, 'licences-360')).join(', ')}`);
      throw err;
    }
  });
});
