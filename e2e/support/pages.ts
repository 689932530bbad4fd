import assert from 'node:assert/strict';
import type { Browser, Locator, Page } from 'playwright-core';
import { expectAccessible } from './axe.ts';
import { DESKTOP, newUser, type StorageState } from './browser.ts';
import { PDF } from './http.ts';
import type { NewEnterprise } from './people.ts';

/** Waits until the page has its data and its transitions are over, so what axe sees is what a user sees. */
export async function settled(page: Page): Promise<void> {
  await page.waitForLoadState('networkidle');
  await page
    .locator('.ant-spin-spinning')
    .first()
    .waitFor({ state: 'detached', timeout: 15_000 })
    .catch(() => {});
  // Finite animations only: a spinner or a blinking caret never finishes.
  await page.evaluate(() =>
    Promise.race([
      Promise.all(
        document
          .getAnimations()
          .filter((a) => a.effect?.getComputedTiming().endTime !== Number.POSITIVE_INFINITY)
          .map((a) => a.finished.catch(() => {})),
      ),
      new Promise((r) => setTimeout(r, 2000)),
    ]),
  );
}

/** Settles, then fails on any WCAG 2.1 A/AA violation of the page as it is now. */
export async function checkPage(page: Page, what: string): Promise<void> {
  await settled(page);
  await expectAccessible(page, what);
}

/** Registers an enterprise through the sign-up page (法人注册) and lands signed in. */
export async function signUpEnterprise(page: Page, e: NewEnterprise, check = checkPage) {
  await page.goto('/');
  await check(page, 'home page');
  await page.getByTestId('nav-signup').click();
  await page.waitForURL(/\/signup/);
  await page.getByRole('tab', { name: '法人注册' }).click();
  await check(page, 'sign-up page (enterprise)');
  await page.getByTestId('signup-enterprise-companyName').fill(e.companyName);
  await page.getByTestId('signup-enterprise-creditCode').fill(e.creditCode);
  await page.getByTestId('signup-enterprise-legalRepName').fill(e.legalRepName);
  await page.getByTestId('signup-enterprise-phone').fill(e.phone);
  await page.getByTestId('signup-enterprise-password').fill(e.password);
  await page.getByTestId('signup-enterprise-confirm').fill(e.password);
  await page.getByTestId('signup-enterprise-submit').click();
  await page.waitForURL((u) => !u.pathname.startsWith('/signup'));
  await page.getByTestId('account-menu').waitFor();
}

/** Signs an applicant (citizen or enterprise) in through the sign-in page; they land in the portal. */
export async function signInApplicant(page: Page, login: string, password: string) {
  await page.goto('/signin');
  await page.getByTestId('signin-login').fill(login);
  await page.getByTestId('signin-password').fill(password);
  await page.getByTestId('signin-submit').click();
  await page.waitForURL((u) => !u.pathname.startsWith('/signin'));
  await page.getByTestId('account-menu').waitFor();
}

/** Signs a demo officer in through the sign-in page; staff land on the workbench. */
export async function signIn(page: Page, login: string, password: string) {
  await page.goto('/signin');
  await page.getByTestId('signin-login').fill(login);
  await page.getByTestId('signin-password').fill(password);
  await page.getByTestId('signin-submit').click();
  await page.waitForURL(/\/workbench/);
}

// Who has signed in through the page already, per browser and server: their session is reused.
const sessions = new WeakMap<Browser, Map<string, StorageState>>();

/**
 * A new browser user (zh-CN; desktop unless `viewport` says otherwise) signed in as an applicant or
 * as staff, on the page signing in lands on: through the sign-in page the first time, then in the
 * same session from a new context (same cookies), as when someone opens another tab.
 */
export async function signedInPage(
  browser: Browser,
  baseUrl: string,
  as: 'applicant' | 'staff',
  login: string,
  password: string,
  viewport = DESKTOP,
): Promise<Page> {
  const known = sessions.get(browser) ?? new Map<string, StorageState>();
  sessions.set(browser, known);
  const key = `${baseUrl} ${login}`;
  const state = known.get(key);
  const page = await (await newUser(browser, baseUrl, viewport, 'zh-CN', state)).newPage();
  if (state) {
    // Where signing in lands: staff on the workbench, applicants in the portal.
    await page.goto(as === 'staff' ? '/workbench' : '/');
    await page.getByTestId('account-menu').waitFor();
  } else {
    await (as === 'applicant' ? signInApplicant : signIn)(page, login, password);
    known.set(key, await page.context().storageState());
  }
  return page;
}

/** The project part of the construction permit form (the developer part is pre-filled). */
export const PROJECT = {
  projectName: '明湖市东湖区滨湖花园三期住宅楼工程',
  projectAddress: '明湖市东湖区滨湖路88号',
  regionCode: '339001',
  buildingAreaM2: '12800',
  contractPriceFen: '4500000000',
  constructionUnit: '明湖第一建筑工程有限公司',
  planningPermitNumber: '建字第339000202600123号',
  plannedStartDate: '2026-12-15',
};

/** Fills the smart form's own fields; the pre-filled developer fields are checked, not typed. */
export async function fillConstructionPermitForm(page: Page, e: NewEnterprise) {
  assert.equal(await page.locator('#root_enterprise_companyName').inputValue(), e.companyName);
  assert.equal(await page.locator('#root_enterprise_creditCode').inputValue(), e.creditCode);
  assert.ok((await page.getByTestId('prefill-tag').count()) >= 2, 'pre-filled values are marked');
  for (const [key, value] of Object.entries(PROJECT)) {
    const input = page.locator(`#root_project_${key}`);
    if (key === 'plannedStartDate') {
      // The date picker takes typed dates; Enter commits it and closes the calendar.
      await input.click();
      await input.fill(value);
      await input.press('Enter');
      await page
        .locator('.ant-picker-dropdown:not(.ant-picker-dropdown-hidden)')
        .waitFor({ state: 'hidden' });
    } else {
      await input.fill(value);
    }
  }
}

/** Saves the form and goes on to the materials, or fails with the messages the form shows. */
export async function continueFromForm(page: Page) {
  await page.getByTestId('form-continue').click();
  await page.waitForURL(/\/materials$/).catch(async (err) => {
    const shown = await page.locator('.ant-form-item-explain-error, [role=alert]').allInnerTexts();
    throw new Error(`the form did not continue: ${shown.join('; ') || err.message}`);
  });
}

/** Uploads one PDF for every required material of the checklist; returns their codes. */
export async function uploadRequiredMaterials(page: Page): Promise<string[]> {
  await page.getByTestId('materials-panel').waitFor();
  const cards = page.locator('[data-testid^="material-"][data-provided]');
  const codes = (
    await cards.evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')!.slice(9)))
  ).filter(Boolean);
  const required: string[] = [];
  for (const code of codes) {
    const card = page.getByTestId(`material-${code}`);
    if ((await card.locator('.ant-card-head').innerText()).includes('可选')) continue;
    required.push(code);
    await card
      .locator('input[type=file]')
      .setInputFiles({ name: `${code}.pdf`, mimeType: 'application/pdf', buffer: PDF });
    await page.getByTestId(`material-files-${code}`).waitFor();
    assert.equal(await card.getAttribute('data-provided'), 'true');
  }
  return required;
}

/** Opens an antd Select and picks the option shown as `label` (antd's listbox options are not the visible ones). */
export async function chooseOption(page: Page, select: Locator, label: string) {
  await select.click();
  await page.locator(`.ant-select-dropdown:not(.ant-select-dropdown-hidden) [title="${label}"]`).click();
}
