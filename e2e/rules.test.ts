import assert from 'node:assert/strict';
import { after, before, describe } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { browserTest, launchBrowser } from './support/browser.ts';
import { completeTaskThroughApi, eventually, HttpClient, submitThroughApi } from './support/http.ts';
import { checkPage, chooseOption, signedInPage, uploadRequiredMaterials } from './support/pages.ts';
import { DEMO_PASSWORD, type NewCitizen, newCitizen } from './support/people.ts';
import { type PlatformUnderTest, startPlatform } from './support/server.ts';

// Issue 3's citizen and officer pages in Chromium, with an axe check (WCAG 2.1 A/AA) of each:
// instant approval (秒批秒办) of a housing-fund withdrawal (HPF-WD) — the citizen applies in the
// browser and reads 自动核准 with the reasons in plain words; a claim over the limit is referred
// and accepted, the HPF officer reads the full trace, and the citizen withdraws it; the bell and the
// inbox tell them of both decisions — and the countersign (会签) of a senior card (CAB-ELD) as its
// two signers sign.

let platform: PlatformUnderTest;
let browser: Browser;
const run = Date.now() % 100_000;
const applicant = newCitizen(700_000 + run, '冯晓梅');
const senior = newCitizen(800_000 + run, '钱国华');

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
function submittedThroughApi(who: NewCitizen, serviceId: string, formData: object, materials: string[]) {
  const login = { login: who.idNumber, password: who.password };
  return submitThroughApi(platform.url, login, serviceId, formData as Record<string, unknown>, materials);
}

/** Each test leaves screenshots when it fails and closes its browser contexts after. */
function rulesTest(name: string, slug: string, fn: () => Promise<void>) {
  browserTest(name, slug, () => browser, fn, { closeContexts: true });
}

const staffPage = (login: string): Promise<Page> =>
  signedInPage(browser, platform.url, 'staff', login, DEMO_PASSWORD);

/** Waits until the header bell shows `count` unread messages (it asks the server on every navigation). */
async function expectBell(page: Page, count: number) {
  await page.locator(`[data-testid="notification-bell"][data-count="${count}"]`).waitFor();
}

describe('instant approval, notifications and withdrawal in the browser', () => {
  rulesTest(
    'a claim within the rules is approved as it is submitted; one over the limit is referred, explained to the officer and withdrawn',
    'rules-instant',
    async () => {
      // Filed first and accepted by the window, so the officer has it while the citizen applies again.
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
      await completeTaskThroughApi(platform.url, 'hpf.window', DEMO_PASSWORD, referred.caseNumber, {
        outcome: 'approve',
        note: '材料齐全，予以受理',
        claim: true,
      });

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

      // Both decisions reach the citizen through the outbox (the acceptance, the approval): the bell counts them.
      await eventually('the acceptance and the approval are notified', async () => {
        const count = await referred.api.get('/api/v1/me/notifications/unread-count');
        return count.body.count === 2;
      });
      await a.goto('/notifications');
      await expectBell(a, 2);
      const unread = a.locator('[data-testid="notification-item"][data-unread="true"]');
      const approval = unread.filter({ has: a.locator(`a[href="/applications/${caseId}"]`) });
      await approval.waitFor();
      await unread.filter({ has: a.locator(`a[href="/applications/${referred.id}"]`) }).waitFor();
      await checkPage(a, 'notifications inbox');
      await approval.getByTestId('notification-link').click();
      await a.waitForURL(new RegExp(`/applications/${caseId}$`));
      await a.getByTestId('application-detail').waitFor();
      await expectBell(a, 1); // opening a message marks it read
      await a.goto('/notifications?unread=1');
      await unread.first().waitFor();
      assert.equal(await unread.count(), 1, 'the acceptance is still unread');
      await a.getByTestId('mark-all-read').click();
      await a.locator('.ant-empty').waitFor();
      await expectBell(a, 0);
      await checkPage(a, 'notifications inbox, nothing unread');

      // The officer reviewing the referred claim reads why: every rule the table tried.
      const w = await staffPage('hpf.officer');
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
      await checkPage(w, 'referred case with the full trace (officer)');

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
  rulesTest(
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
