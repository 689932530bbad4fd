import assert from 'node:assert/strict';
import { after, before, describe } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { browserTest, DESKTOP, launchBrowser, newUser, PHONE } from './support/browser.ts';
import { completeTaskThroughApi, eventually } from './support/http.ts';
import {
  checkPage,
  continueFromForm,
  fillConstructionPermitForm,
  PROJECT,
  settled,
  signedInPage,
  signUpEnterprise,
  uploadRequiredMaterials,
} from './support/pages.ts';
import { DEMO_PASSWORD, newEnterprise } from './support/people.ts';
import { type PlatformUnderTest, startPlatform } from './support/server.ts';

// The core journey of issue 2 in Chromium, through both portals, with an axe check (WCAG 2.1
// A/AA) of every page visited: a developer (enterprise account, the audience of HCD-CP) signs up,
// finds 建筑工程施工许可证核发, fills the smart form, uploads materials, checks the answers and
// submits; the HCD window accepts, the HCD officer and the NRP officer review in parallel, the
// HCD head approves; the applicant sees the case approved with its timeline and a full progress bar.

const SERVICE = 'HCD-CP';
// The demo officers of the construction-permit process and their names from the demo seed.
const OFFICERS = {
  window: { login: 'hcd.window', name: '马超' },
  hcdOfficer: { login: 'hcd.officer', name: '朱琳' },
  nrpOfficer: { login: 'nrp.officer', name: '何军' },
  head: { login: 'hcd.head', name: '胡斌' },
};

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

/** The applicant's part, from the home page to the confirmation; returns the case's id and number. */
async function applyForConstructionPermit(page: Page, n: number) {
  const developer = newEnterprise(n);
  await signUpEnterprise(page, developer);

  // Find the service by searching from the home page.
  await page.goto('/');
  const search = page.getByTestId('home-search').locator('xpath=descendant-or-self::input').first();
  await search.fill('施工许可');
  await search.press('Enter');
  await page.waitForURL(/\/services\?q=/);
  await page.getByTestId(`service-card-${SERVICE}`).waitFor();
  await checkPage(page, 'search results');
  await page.getByTestId(`service-card-${SERVICE}`).getByTestId('service-link').click();
  await page.getByTestId('service-guide').waitFor();
  await checkPage(page, 'service guide');

  await page.getByTestId('apply-online').click();
  await page.waitForURL(/\/applications\/[^/]+\/form$/);
  const caseId = new URL(page.url()).pathname.split('/')[2]!;
  await page.getByTestId('smart-form').waitFor();
  await checkPage(page, 'smart form, pre-filled');
  await fillConstructionPermitForm(page, developer);
  await checkPage(page, 'smart form, filled');
  await continueFromForm(page);

  await checkPage(page, 'materials');
  const uploaded = await uploadRequiredMaterials(page);
  assert.ok(uploaded.length >= 4, `the required materials were uploaded: ${uploaded}`);
  await checkPage(page, 'materials, uploaded');
  await page.getByTestId('materials-continue').click();
  await page.waitForURL(/\/check$/);

  await page.getByTestId('answers-list').waitFor();
  await checkPage(page, 'check your answers');
  const answers = await page.getByTestId('answers-list').innerText();
  assert.match(answers, new RegExp(PROJECT.projectName));
  assert.match(answers, new RegExp(developer.companyName));
  await page.getByTestId('submit-application').click();
  await page.waitForURL(/\/submitted$/);
  const caseNumber = (await page.getByTestId('case-number').innerText()).trim();
  assert.ok(caseNumber.length > 4, `a case number is shown: ${caseNumber}`);
  await checkPage(page, 'confirmation');

  await page.getByTestId('view-application').click();
  await page.getByTestId('application-detail').waitFor();
  await checkPage(page, 'application detail, submitted');
  assert.equal(await page.getByTestId('detail-case-number').innerText(), caseNumber);
  return { caseId, caseNumber };
}

// The workbench pages are the same for every officer: each is checked the first time it is visited.
const checkedOfficerPages = new Set<string>();
async function checkOfficerPage(page: Page, what: string, who: string) {
  if (checkedOfficerPages.has(what)) return;
  checkedOfficerPages.add(what);
  await checkPage(page, `${what} (${who})`);
}

/** One officer's approval in the workbench: inbox → case → claim → approve with a note. */
async function approveInWorkbench(page: Page, caseNumber: string, who: string, note: string) {
  await page.goto('/workbench');
  const row = page.getByTestId(`task-row-${caseNumber}`);
  await row.waitFor();
  await checkOfficerPage(page, 'workbench inbox', who);
  // The inbox shows the case's SLA light; a fresh case is green.
  assert.equal(await row.getByTestId('sla-light').first().getAttribute('data-light'), 'green');
  await row.getByTestId('task-open').click();
  await page.getByTestId('case-claim').waitFor();
  // The officer reviews what the applicant sent: the form's answers and every material.
  assert.match(await page.getByTestId('case-form-data').innerText(), new RegExp(PROJECT.projectName));
  assert.ok((await page.getByTestId('material-download').count()) >= 4, 'the materials can be downloaded');
  await checkOfficerPage(page, 'case review', who);
  await page.getByTestId('case-claim').click();
  await page.getByTestId('action-approve').click();
  await page.getByTestId('action-note').fill(note);
  await checkOfficerPage(page, 'approve dialog', who);
  await page.getByTestId('action-confirm').click();
  await page.waitForURL(/\/workbench\?view=done/);
  await page.getByTestId('tasks-done').first().waitFor();
  await checkOfficerPage(page, 'workbench, done', who);
}

function officerPage(login: string): Promise<Page> {
  return signedInPage(browser, platform.url, 'staff', login, DEMO_PASSWORD);
}

/** Waits until the outbox has moved the applicant's case (the page shows it) to `status`, then reloads the page. */
async function waitForStatus(page: Page, status: string) {
  const caseId = new URL(page.url()).pathname.split('/')[2];
  await eventually(`the case becomes ${status}`, async () => {
    const res = await page.request.get(`/api/v1/applications/${caseId}`);
    return (await res.json()).status === status;
  });
  await page.reload();
  await page.locator(`[data-testid="application-detail"][data-status="${status}"]`).waitFor();
}

/** What the applicant sees at the end: approved, every step on the timeline, a full progress bar. */
async function expectApprovedView(page: Page, officerNames: string[]) {
  await waitForStatus(page, 'approved');
  await settled(page);
  const progress = page.getByTestId('case-progress');
  assert.match(await progress.innerText(), /100%/);
  const timeline = await page.getByTestId('case-timeline').innerText();
  for (const name of officerNames) assert.match(timeline, new RegExp(name), `the timeline names ${name}`);
  assert.match(timeline, /住房和城乡建设局/);
  assert.match(timeline, /自然资源和规划局/);
  assert.ok((await page.getByTestId('timeline-node').count()) >= 4, 'each step is a node of the timeline');
  await checkPage(page, 'application detail, approved');
}

/** A journey leaves screenshots when it fails and closes its browser contexts after. */
function journeyTest(name: string, slug: string, fn: () => Promise<void>) {
  browserTest(name, slug, () => browser, fn, { closeContexts: true });
}

describe('construction permit journey', () => {
  journeyTest(
    'desktop: apply, window accepts, two departments review in parallel, head approves, applicant sees approved',
    'journey-desktop',
    async () => {
      const applicant = await (await newUser(browser, platform.url, DESKTOP)).newPage();
      const { caseId, caseNumber } = await applyForConstructionPermit(applicant, Date.now() % 1_000_000);

      const window = await officerPage(OFFICERS.window.login);
      await approveInWorkbench(window, caseNumber, 'HCD window', '材料齐全，予以受理');

      // The two reviews are open at the same time, in two departments.
      const [hcd, nrp] = await Promise.all([
        officerPage(OFFICERS.hcdOfficer.login),
        officerPage(OFFICERS.nrpOfficer.login),
      ]);
      await Promise.all([
        approveInWorkbench(hcd, caseNumber, 'HCD officer', '技术审查通过'),
        approveInWorkbench(nrp, caseNumber, 'NRP officer', '符合规划许可'),
      ]);

      const head = await officerPage(OFFICERS.head.login);
      await approveInWorkbench(head, caseNumber, 'HCD head', '准予许可');

      await applicant.goto(`/applications/${caseId}`);
      await expectApprovedView(
        applicant,
        Object.values(OFFICERS).map((o) => o.name),
      );
      await applicant.goto('/applications');
      await applicant.getByTestId(`application-row-${caseId}`).waitFor();
      assert.equal(
        await applicant.getByTestId(`application-row-${caseId}`).getAttribute('data-status'),
        'approved',
      );
      await checkPage(applicant, 'my applications');
    },
  );

  journeyTest('360 px phone: the applicant part, then the approved case', 'journey-phone', async () => {
    const applicant = await (await newUser(browser, platform.url, PHONE)).newPage();
    const { caseId, caseNumber } = await applyForConstructionPermit(applicant, (Date.now() % 1_000_000) + 1);

    // The officers' part was driven in the browser above; here it goes through their API.
    for (const group of [[OFFICERS.window], [OFFICERS.hcdOfficer, OFFICERS.nrpOfficer], [OFFICERS.head]]) {
      await Promise.all(group.map((o) => approveThroughApi(o.login, caseNumber)));
    }
    await applicant.goto(`/applications/${caseId}`);
    await expectApprovedView(
      applicant,
      Object.values(OFFICERS).map((o) => o.name),
    );
  });
});

function approveThroughApi(login: string, caseNumber: string) {
  return completeTaskThroughApi(platform.url, login, DEMO_PASSWORD, caseNumber, {
    outcome: 'approve',
    note: '同意',
    claim: true,
  });
}
