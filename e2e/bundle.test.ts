import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, PHONE, saveScreenshots } from './support/browser.ts';
import { completeTaskThroughApi, eventually, HttpClient } from './support/http.ts';
import { checkPage, settled, signedInPage, uploadRequiredMaterials } from './support/pages.ts';
import { DEMO_PASSWORD, residentId } from './support/people.ts';
import { type PlatformUnderTest, startPlatform } from './support/server.ts';

// The newborn "one thing" (出生一件事) in Chromium with an axe check (WCAG 2.1 A/AA) of every page:
// the demo citizen 张明 finds the bundle on the home page, reads its guide, leaves out the optional
// medical insurance, fills ONE form (his own details pre-filled, the baby's and parents' asked once),
// uploads each material once and submits. The Health Commission issues the birth certificate, the
// police refuses the household registration: the combined progress page shows the partial result,
// the reason and the way to apply for the registration alone.

const CITIZEN = '339001199003151237';

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

/** Types a date into an antd date picker; Enter commits it and closes the calendar. */
async function fillDate(page: Page, selector: string, value: string) {
  const input = page.locator(selector);
  await input.click();
  await input.fill(value);
  await input.press('Enter');
  await page.locator('.ant-picker-dropdown:not(.ant-picker-dropdown-hidden)').waitFor({ state: 'hidden' });
}

const BABY = {
  childName: '张小禾',
  motherName: '李娜',
  motherIdNumber: residentId(4242),
  fatherName: '张明',
  fatherIdNumber: CITIZEN,
};

async function fillNewbornForm(page: Page) {
  // The applicant's own details come from his real-name profile, asked once for both items.
  assert.equal(await page.locator('#root_shared_name').inputValue(), '张明');
  assert.equal(await page.locator('#root_shared_idNumber').inputValue(), CITIZEN);
  assert.ok((await page.getByTestId('prefill-tag').count()) >= 2, 'pre-filled values are marked');
  for (const [key, value] of Object.entries(BABY)) await page.locator(`#root_shared_${key}`).fill(value);
  await page.locator('#root_shared_childSex').getByText('女').click();
  await fillDate(page, '#root_shared_childBirthDate', '2026-11-01');
  await page.locator('#root_HC-BMC_newborn_birthTime').fill('08:30');
  await page.locator('#root_HC-BMC_newborn_birthWeightG').fill('3300');
  await page.locator('#root_HC-BMC_newborn_gestationWeeks').fill('39');
  await page.locator('#root_HC-BMC_newborn_birthHospital').fill('明湖市妇幼保健院');
  await page.locator('#root_PSB-NB_newborn_ethnicity').fill('汉族');
  await page.locator('#root_PSB-NB_household_householdAddress').fill('明湖市东湖区明湖路1号');
  await page.locator('#root_PSB-NB_household_regionCode').fill('339001');
  await page.locator('#root_PSB-NB_household_householdHeadName').fill('张明');
  await page.locator('#root_PSB-NB_household_relationToHead').click();
  await page.locator('.ant-select-item-option[title="子女"]').click();
}

function completeThroughApi(login: string, caseNumber: string, outcome: 'approve' | 'reject', note: string) {
  return completeTaskThroughApi(platform.url, login, DEMO_PASSWORD, caseNumber, { outcome, note });
}

/** Waits until the outbox has moved the bundle to `status` (asking as the page's user), then reloads its page. */
async function waitForBundleStatus(page: Page, bundleId: string, status: string) {
  await eventually(`the bundle becomes ${status}`, async () => {
    const res = await page.request.get(`/api/v1/bundle-cases/${bundleId}`);
    return (await res.json()).status === status;
  });
  await page.reload();
  await page.locator(`[data-testid="bundle-case"][data-status="${status}"]`).waitFor();
}

describe('newborn one-stop journey (出生一件事)', () => {
  test('one form for two departments; one refuses; the applicant sees the partial result and what to do', async (t) => {
    try {
      const page = await signedInPage(browser, platform.url, 'applicant', CITIZEN, DEMO_PASSWORD);

      // Found from the home page's one-stop section; the guide lists the items and one materials list.
      await page.goto('/');
      await page.getByTestId('bundle-card-newborn').waitFor();
      await checkPage(page, 'home page with the one-stop bundles');
      await page.getByTestId('bundle-card-newborn').getByTestId('bundle-link').click();
      await page.getByTestId('bundle-guide').waitFor();
      assert.match(await page.getByTestId('bundle-items').innerText(), /卫生健康委员会/);
      await checkPage(page, 'bundle guide');

      // Choose the items: medical insurance is optional and left out.
      await page.getByTestId('bundle-apply').click();
      await page.waitForURL(/\/bundle-cases\/[^/]+\/items$/);
      const bundleId = new URL(page.url()).pathname.split('/')[2]!;
      await page.getByTestId('bundle-choose').waitFor();
      assert.equal(await page.getByTestId('choose-HC-BMC').isDisabled(), true);
      await checkPage(page, 'choose the items');
      await page.getByTestId('choose-MIB-NB').click();
      await page.getByTestId('bundle-items-continue').click();

      // One form: shared details once, then each item's own.
      await page.waitForURL(/\/form$/);
      await page.getByTestId('smart-form').waitFor();
      await checkPage(page, 'one form, pre-filled');
      assert.equal(await page.locator('#root_MIB-NB').count(), 0, 'no fields of the item left out');
      await fillNewbornForm(page);
      await checkPage(page, 'one form, filled');
      await page.getByTestId('form-continue').click();
      await page.waitForURL(/\/materials$/);

      // Each material once; the birth certificate comes from the bundle itself.
      await page.getByTestId('bundle-issued-materials').waitFor();
      await checkPage(page, 'bundle materials');
      const uploaded = await uploadRequiredMaterials(page);
      assert.deepEqual(uploaded.sort(), ['birth_record', 'hukou_book', 'parents_id']);
      await page.getByTestId('materials-continue').click();
      await page.waitForURL(/\/check$/);
      await page.getByTestId('answers-list').first().waitFor();
      await checkPage(page, 'check the answers of the bundle');
      assert.match(await page.getByTestId('bundle-chosen').innerText(), /出生医学证明签发/);
      await page.getByTestId('submit-bundle').click();

      // One submission, one case per department.
      await page.waitForURL(new RegExp(`/bundle-cases/${bundleId}$`));
      await page.getByTestId('bundle-children').waitFor();
      const bundleNumber = (await page.getByTestId('bundle-number').innerText()).trim();
      assert.match(bundleNumber, /^339000-\d{4}-B\d{6}$/);
      assert.equal(await page.locator('[data-testid^="bundle-child-"][data-status]').count(), 2);
      await checkPage(page, 'bundle progress, submitted');

      const api = new HttpClient(platform.url, 'zh-CN');
      await api.signIn(CITIZEN, DEMO_PASSWORD);
      const view = (await api.get(`/api/v1/bundle-cases/${bundleId}`)).body;
      const caseNumber = (code: string) =>
        view.children.find((c: { service: { code: string } }) => c.service.code === code)
          .caseNumber as string;
      for (const login of ['hc.window', 'hc.officer', 'hc.head']) {
        await completeThroughApi(login, caseNumber('HC-BMC'), 'approve', '同意');
      }
      await completeThroughApi('psb.window', caseNumber('PSB-NB'), 'approve', '受理');
      const reason = '拟落户地址与户口簿不一致，请核实后单独重新申请';
      await completeThroughApi('psb.officer', caseNumber('PSB-NB'), 'reject', reason);

      await waitForBundleStatus(page, bundleId, 'partially_completed');
      await settled(page);
      assert.equal(await page.getByTestId('bundle-child-HC-BMC').getAttribute('data-status'), 'approved');
      assert.equal(await page.getByTestId('bundle-child-PSB-NB').getAttribute('data-status'), 'rejected');
      const next = page.getByTestId('next-step-PSB-NB');
      assert.equal(await next.getByTestId('next-step-reason').innerText(), reason);
      await checkPage(page, 'bundle progress, partly completed');

      // My applications lists the bundle; a phone shows the same progress page.
      await page.goto('/applications');
      await page.getByTestId(`bundle-row-${bundleId}`).waitFor();
      await checkPage(page, 'my applications with a bundle');
      const phone = await signedInPage(browser, platform.url, 'applicant', CITIZEN, DEMO_PASSWORD, PHONE);
      await phone.goto(`/bundle-cases/${bundleId}`);
      await phone.getByTestId('bundle-next-steps').waitFor();
      await checkPage(phone, 'bundle progress on a phone');

      // "Apply again for that item alone" starts a plain application of the household registration.
      await page.goto(`/bundle-cases/${bundleId}`);
      await page.getByTestId('next-step-PSB-NB').getByTestId('apply-again').click();
      await page.waitForURL(/\/applications\/[^/]+\/form$/);
    } catch (err) {
      t.diagnostic(`screenshots: ${(await saveScreenshots(browser, 'bundle-newborn')).join(' ')}`);
      throw err;
    } finally {
      for (const context of browser.contexts()) await context.close();
    }
  });
});
