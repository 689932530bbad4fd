import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, saveScreenshots } from './support/browser.ts';
import { completeTaskThroughApi, eventually, HttpClient } from './support/http.ts';
import { checkPage, chooseOption, signedInPage, uploadRequiredMaterials } from './support/pages.ts';
import { DEMO_PASSWORD, type NewCitizen, newCitizen } from './support/people.ts';
import { type PlatformUnderTest, startPlatform } from './support/server.ts';

// Issue 3's citizen and officer pages in Chromium, with an axe check (WCAG 2.1 A/AA) of each:
// instant approval (秒批秒办) of a housing-fund withdrawal (HPF-WD) — the citizen applies in the
// browser and reads 自动核准 with the reasons in plain words; the bell and the inbox tell them; a
// claim over the limit is referred, the HPF window reads the full trace, and the citizen withdraws
// it — and the countersign (会签) of a senior card (CAB-ELD) as its two signers sign.

let platform: PlatformUnderTest;
let browser: Browser;
const run = Date.now() % 100_000;
const applicant = newCitizen(700_000 + run, '冯晓梅');
const senior = newCitizen(800_000 + run, '钱国华');

const PDF = new Blob(
  [
    '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
  ],
  { type: 'application/pdf' },
);

before(async () => {
  platform = await startPlatform();
  browser = await launchBrowser();
  for (const c of [applicant, senior]) {
    const res = await new HttpClient(platform.url).post('/api/v1/auth/signup/citizen', c);
    assert.equal(res.status, 201, JSON.stringify(res.body));
  }
});
after(async () => {
  await browser?.close();
  await platform?.close();
});

/** A submitted case of `who` filed over the API, for the steps a browser test is not about. */
async function submittedThroughApi(
  who: NewCitizen,
  serviceId: string,
  formData: Record<string, unknown>,
  materials: string[],
) {
  const api = new HttpClient(platform.url);
  await api.signIn(who.idNumber, who.password);
  const draft = await api.post('/api/v1/applications', { serviceId, formData });
  assert.equal(draft.status, 201, JSON.stringify(draft.body));
  for (const code of materials) {
    const body = new FormData();
    body.append('materialCode', code);
    body.append('file', PDF, `${code}.pdf`);
    assert.equal((await api.post(`/api/v1/applications/${draft.body.id}/materials`, body)).status, 201);
  }
  const submitted = await api.submit(`/api/v1/applications/${draft.body.id}/submit`);
  assert.equal(submitted.status, 200, JSON.stringify(submitted.body));
  return { id: draft.body.id as string, caseNumber: submitted.body.caseNumber as string, api };
}

/** A browser test that leaves screenshots of every open page in test-results/ when it fails. */
function browserTest(name: string, slug: string, fn: () => Promise<void>) {
  test(name, async (t) => {
    try {
      await fn();
    } catch (err) {
      t.diagnostic(`screenshots: ${(await saveScreenshots(browser, slug)).join(' ')}`);
      throw err;
    } finally {
      for (const context of browser.contexts()) await context.close();
    }
  });
}

const staffPage = (login: string): Promise<Page> =>
  signedInPage(browser, platform.url, 'staff', login, DEMO_PASSWORD);

/** The number on the header bell once the page has asked for it. */
async function bellCount(page: Page): Promise<number> {
  const bell = page.getByTestId('notification-bell');
  await bell.waitFor();
  await page.waitForLoadState('networkidle');
  return Number(await bell.getAttribute('data-count'));
}

describe('instant approval, notifications and withdrawal in the browser', () => {
  browserTest(
    'a claim within the rules is approved as it is submitted; one over the limit is referred, explained to the window and withdrawn',
    'rules-instant',
    async () => {
      // Filed first, so the window has it while the citizen applies for the other.
      const referred = await submittedThroughApi(
        applicant,
        'HPF-WD',
        {
          applicant: { name: applicant.name, idNumber: applicant.idNumber, phone: applicant.phone },
          withdrawal: {
            withdrawalReason: 'rent',
            amountFen: 1_800_000,
            bankAccount: '6222020200112233445',
            bankName: '中国工商银行明湖支行',
          },
        },
        ['id_card', 'reason_proof'],
      );

      const a = await signedInPage(
        browser,
        platform.url,
        'applicant',
        applicant.idNumber,
        applicant.password,
      );
      await a.goto('/services/HPF-WD');
      await a.getByTestId('apply-online').click();
      await a.waitForURL(/\/applications\/[^/]+\/form$/);
      const caseId = new URL(a.url()).pathname.split('/')[2]!;
      await a.getByTestId('smart-form').waitFor();
      await chooseOption(a, a.locator('#root_withdrawal_withdrawalReason'), '租房自住');
      await a.locator('#root_withdrawal_amountFen').fill('1200000');
      await a.locator('#root_withdrawal_bankAccount').fill('6222020200112233445');
      await a.locator('#root_withdrawal_bankName').fill('中国工商银行明湖支行');
      await checkPage(a, 'housing-fund withdrawal form');
      await a.getByTestId('form-continue').click();
      await a.waitForURL(/\/materials$/);
      await uploadRequiredMaterials(a);
      await a.getByTestId('materials-continue').click();
      await a.waitForURL(/\/check$/);
      await a.getByTestId('submit-application').click();
      await a.waitForURL(/\/submitted$/);
      await a.getByTestId('view-application').click();

      const detail = a.getByTestId('application-detail');
      await detail.waitFor();
      assert.equal(await detail.getAttribute('data-status'), 'approved');
      const decision = a.getByTestId('automatic-decision');
      assert.equal(await decision.getAttribute('data-outcome'), 'approve');
      assert.match(await decision.innerText(), /已自动核准/);
      assert.deepEqual(await a.getByTestId('automatic-reasons').locator('li').allInnerTexts(), [
        '提取原因为租房自住，申请金额为 12,000.00 元，不超过 15,000.00 元 → 租房提取金额在 15,000 元限额内，自动核准',
      ]);
      assert.match(await a.getByTestId('case-timeline').innerText(), /自动核准/);
      assert.equal(await a.getByTestId('withdraw').count(), 0, 'a decided case cannot be withdrawn');
      await checkPage(a, 'case approved automatically (applicant)');

      // The decision reaches the citizen's inbox through the outbox: the bell counts it.
      await eventually('the approval is notified', async () => {
        const inbox = await referred.api.get('/api/v1/me/notifications?unread=true');
        return inbox.body.items.some((n: { link: string | null }) => n.link === `/applications/${caseId}`);
      });
      await a.goto('/notifications');
      const unread = await bellCount(a);
      assert.ok(unread >= 1, `the bell counts the unread messages: ${unread}`);
      const item = a.locator(`[data-testid="notification-item"][data-unread="true"]`, {
        has: a.locator(`a[href="/applications/${caseId}"]`),
      });
      await item.waitFor();
      await checkPage(a, 'notifications inbox');
      await item.getByTestId('notification-link').click();
      await a.waitForURL(new RegExp(`/applications/${caseId}$`));
      await a.getByTestId('application-detail').waitFor();
      assert.equal(await bellCount(a), unread - 1, 'opening a message marks it read');
      await a.goto('/notifications?unread=1');
      await a.getByTestId('notification-list').or(a.locator('.ant-empty')).first().waitFor();
      if (unread > 1) {
        await a.getByTestId('mark-all-read').click();
        await a.locator('.ant-empty').waitFor();
      }
      assert.equal(await bellCount(a), 0);
      await checkPage(a, 'notifications inbox, nothing unread');

      // The window opens the referred claim and reads why: every rule the table tried.
      const w = await staffPage('hpf.window');
      await w.goto(`/workbench/cases/${referred.id}`);
      const checks = w.getByTestId('automated-checks');
      await checks.waitFor();
      assert.match(await checks.innerText(), /转人工审核/);
      const inputs = await w.getByTestId('trace-inputs').innerText();
      assert.match(inputs, /withdrawal\.amountFen/);
      assert.match(inputs, /1800000/);
      const rules = w.getByTestId('trace-rules');
      assert.equal(await rules.locator('tr[data-matched="true"]').count(), 1);
      assert.match(await rules.locator('tr[data-matched="true"]').innerText(), /otherwise/);
      assert.match(await rules.locator('tr[data-matched="false"]').first().innerText(), /rent-within-limit/);
      assert.match(await w.getByTestId('trace-outputs').innerText(), /refer/);
      await checkPage(w, 'referred case with the full trace (window)');

      // The citizen withdraws the referred claim from its page.
      await a.goto(`/applications/${referred.id}`);
      assert.equal(
        await a.getByTestId('automatic-decision').getAttribute('data-outcome'),
        'refer',
        'the applicant is told the claim went to an officer',
      );
      await a.getByTestId('withdraw').click();
      const confirm = a.getByTestId('withdraw-confirm');
      assert.equal(await confirm.isDisabled(), true, 'a reason is required');
      await a.getByLabel('撤回原因').fill('已通过其他渠道办理');
      await checkPage(a, 'withdraw dialog');
      await confirm.click();
      await a.locator('[data-testid="application-detail"][data-status="withdrawn"]').waitFor();
      assert.equal(await a.getByTestId('withdraw').count(), 0);
      await checkPage(a, 'withdrawn case (applicant)');
    },
  );
});

describe('countersign (会签) in the browser', () => {
  browserTest(
    'the senior card shows "n of m signed" as civil affairs and public security sign',
    'rules-countersign',
    async () => {
      const card = await submittedThroughApi(
        senior,
        'CAB-ELD',
        {
          applicant: {
            name: senior.name,
            idNumber: senior.idNumber,
            birthDate: '1960-05-01',
            phone: senior.phone,
            address: '明湖市东湖区滨湖路 12 号',
          },
          card: { cardType: 'electronic' },
        },
        ['id_card'],
      );
      await completeTaskThroughApi(platform.url, 'cab.window', DEMO_PASSWORD, card.caseNumber, {
        outcome: 'approve',
        note: '材料齐全，予以受理',
        claim: true,
      });

      const progress = (page: Page) => page.getByTestId('countersign-progress');
      const signers = [
        { login: 'cab.officer', before: '已签 0 / 2', after: 'open' },
        { login: 'psb.officer', before: '已签 1 / 2', after: 'passed' },
      ];
      for (const [i, s] of signers.entries()) {
        const page = await staffPage(s.login);
        await page.goto(`/workbench/cases/${card.id}`);
        await progress(page).waitFor();
        assert.match(await progress(page).innerText(), new RegExp(s.before));
        assert.equal(await progress(page).getAttribute('data-status'), 'open');
        assert.match(await progress(page).innerText(), /会签：须全部同意/);
        if (i === 0) await checkPage(page, 'countersign step (civil affairs)');
        await page.getByTestId('case-claim').click();
        await page.getByTestId('action-approve').click();
        await page.getByTestId('action-note').fill('审核通过');
        await page.getByTestId('action-confirm').click();
        await page.waitForURL(/\/workbench\?view=done/);
        await page.goto(`/workbench/cases/${card.id}`);
        await page.locator(`[data-testid="countersign-progress"][data-status="${s.after}"]`).waitFor();
        assert.match(await progress(page).innerText(), new RegExp(`已签 ${i + 1} / 2`));
      }
      await eventually('both signatures approve the card', async () => {
        const view = await card.api.get(`/api/v1/applications/${card.id}`);
        return view.body.status === 'approved';
      });
    },
  );
});
