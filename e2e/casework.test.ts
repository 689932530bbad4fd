import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, newUser, saveScreenshots } from './support/browser.ts';
import { eventually, HttpClient, PDF, submitThroughApi } from './support/http.ts';
import { checkPage, signedInPage } from './support/pages.ts';
import { DEMO_PASSWORD, type NewCitizen, newCitizen } from './support/people.ts';
import { type PlatformUnderTest, startPlatform } from './support/server.ts';

// 容缺受理 and 补正 in Chromium, with an axe check (WCAG 2.1 A/AA) of every new page and dialog: an
// unemployment benefit (HRSS-UB) case filed without the bank card; the HRSS window accepts it with the
// card to follow (the critical materials cannot be chosen); the applicant sees what is owed and by
// when, signs the commitment and uploads the card; the HRSS officer returns the case naming the phone
// number; the applicant's supplement page lets only that answer change; the officer sees the diff.

let platform: PlatformUnderTest;
let browser: Browser;
const run = Date.now() % 100_000;
const applicant = newCitizen(600_000 + run, '郑晓明');
let caseId = '';

before(async () => {
  platform = await startPlatform();
  browser = await launchBrowser();
  const signup = await new HttpClient(platform.url).post('/api/v1/auth/signup/citizen', applicant);
  assert.equal(signup.status, 201, JSON.stringify(signup.body));
  const filed = await submitThroughApi(
    platform.url,
    { login: applicant.idNumber, password: applicant.password },
    'HRSS-UB',
    {
      applicant: { name: applicant.name, idNumber: applicant.idNumber, phone: applicant.phone },
      employment: {
        employerName: '明湖机械厂',
        unemploymentDate: '2026-01-15',
        contributionMonths: 36,
        terminationReason: 'contract_expired',
      },
      payment: { bankAccount: '6222020200112233445' },
    },
    ['id_card', 'termination_proof'],
  );
  caseId = filed.id;
});
after(async () => {
  await browser?.close();
  await platform?.close();
});

function citizenPage(who: NewCitizen): Promise<Page> {
  return signedInPage(browser, platform.url, 'applicant', who.idNumber, who.password);
}

function officerPage(login: string): Promise<Page> {
  return signedInPage(browser, platform.url, 'staff', login, DEMO_PASSWORD);
}

/** Opens the case in the workbench and claims the officer's step. */
async function claimCase(page: Page) {
  await page.goto(`/workbench/cases/${caseId}`);
  await page.getByTestId('case-claim').click();
  await page.getByTestId('action-approve').waitFor();
}

/** Opens the officer's case view once the case shows `round` resubmitted (the outbox moves cases after commit). */
async function openResubmittedCase(page: Page, round: number) {
  await eventually(`round ${round} is resubmitted`, async () => {
    const view = await (await page.request.get(`/api/v1/cases/${caseId}`)).json();
    return (view.supplementRounds ?? []).some(
      (r: { round: number; state: string }) => r.round === round && r.state === 'resubmitted',
    );
  });
  await page.goto(`/workbench/cases/${caseId}`);
  await page.locator(`[data-testid="round-${round}"][data-state="resubmitted"]`).waitFor();
}

describe('容缺受理 and 补正 in the browser', () => {
  test('accept with the card to follow, sign, supply; return naming one answer; the officer sees the diff', async (t) => {
    try {
      const guide = await (await newUser(browser, platform.url)).newPage();
      await guide.goto('/services/HRSS-UB');
      await guide.getByTestId('deferral-policy').waitFor();
      await guide.getByTestId('deferrable-bank_card').waitFor();
      await checkPage(guide, 'service guide with materials that may follow');

      const window = await officerPage('hrss.window');
      await claimCase(window);
      await window.getByTestId('action-accept-deferral').click();
      await window.getByTestId('defer-bank_card').waitFor();
      assert.equal(await window.getByTestId('defer-bank_card').isChecked(), true);
      await checkPage(window, 'accept with materials to follow (window)');
      await window.getByTestId('accept-deferral-confirm').click();
      await window.waitForURL(/\/workbench\?view=done/);

      const a = await citizenPage(applicant);
      await a.goto(`/applications/${caseId}`);
      await a.getByTestId('deferral-panel').waitFor();
      assert.equal(await a.getByTestId('deferral-panel').getAttribute('data-state'), 'owed');
      await checkPage(a, 'case with materials owed (applicant)');
      await a.getByTestId('commitment-open').click();
      await a.getByTestId('commitment-text').waitFor();
      assert.match(await a.getByTestId('commitment-text').innerText(), new RegExp(applicant.name));
      await checkPage(a, 'commitment dialog');
      await a.getByTestId('commitment-agree').click();
      await a.getByTestId('commitment-sign').click();
      await a.getByTestId('commitment-status').filter({ hasText: /已于/ }).waitFor();
      await a
        .getByTestId('owed-bank_card')
        .locator('input[type=file]')
        .setInputFiles({ name: 'bank-card.pdf', mimeType: 'application/pdf', buffer: PDF });
      await a.locator('[data-testid="deferral-panel"][data-state="supplied"]').waitFor();

      const officer = await officerPage('hrss.officer');
      await claimCase(officer);
      await officer.getByTestId('action-return').click();
      await officer.getByTestId('return-field-/applicant/phone').click();
      await officer.getByTestId('return-note-input').fill('联系电话无法接通，请更正');
      await checkPage(officer, 'return naming fields and materials (officer)');
      await officer.getByTestId('return-confirm').click();
      await officer.waitForURL(/\/workbench\?view=done/);

      await a.goto(`/applications/${caseId}/supplement`);
      await a.getByTestId('supplement-only-named').waitFor();
      await a.getByTestId('smart-form').waitFor();
      const phone = a.locator('#root_applicant_phone');
      const name = a.locator('#root_applicant_name');
      assert.equal(await phone.isEditable(), true, 'the named answer can change');
      assert.equal(await name.isEditable(), false, 'the others are read-only');
      await a.getByTestId('materials-unchanged').waitFor();
      await checkPage(a, 'supplement page with one answer named');
      await phone.fill('13912345678');
      await a.getByTestId('resubmit').click();
      await a.waitForURL(new RegExp(`/applications/${caseId}$`));

      await openResubmittedCase(officer, 1);
      const diff = await officer.getByTestId('round-diff-fields').innerText();
      assert.match(diff, /13912345678/);
      assert.match(diff, new RegExp(applicant.phone));
      await checkPage(officer, 'case with the resubmission diff (officer)');
    } catch (err) {
      const shots = await saveScreenshots(browser, 'casework');
      t.diagnostic(`screenshots: ${shots.join(', ')}`);
      throw err;
    }
  });
});
