import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { browserTest, launchBrowser, PHONE } from './support/browser.ts';
import { checkPage, chooseOption, signedInPage } from './support/pages.ts';
import { DEMO_PASSWORD } from './support/people.ts';
import { type PlatformUnderTest, repoRoot, startPlatform } from './support/server.ts';

// Issue 3's administration pages in Chromium, with an axe check (WCAG 2.1 A/AA) of each, as the
// housing-fund centre's administrator (hpf.admin, who owns the demo withdrawal table): decision
// tables — the list, a table drawn as DMN, a test run highlighting the rule that matched, a DMN
// file imported through the page twice (unchanged, then edited: a second version) and the version
// history; the holiday calendar — the year view, a broken .ics refused as a whole, the 2027
// schedule imported, a day edited, and the page at 360 px without scrolling sideways.

const ADMIN = 'hpf.admin';
const DMN = readFileSync(`${repoRoot}/apps/api/src/modules/decisions/fixtures/hpf-withdrawal.dmn`, 'utf8');
const ICS_2027 = readFileSync(
  `${repoRoot}/apps/api/src/modules/workflow/fixtures/china-holidays-2027.ics`,
  'utf8',
);

let platform: PlatformUnderTest;
let browser: Browser;
let admin: Page;

before(async () => {
  platform = await startPlatform();
  browser = await launchBrowser();
  admin = await signedInPage(browser, platform.url, 'staff', ADMIN, DEMO_PASSWORD);
});
after(async () => {
  await browser?.close();
  await platform?.close();
});

/** The tests share the administrator's page; each leaves screenshots when it fails. */
function adminTest(name: string, slug: string, fn: () => Promise<void>) {
  browserTest(name, slug, () => browser, fn);
}

/** Hands `text` to the page's file input as the named file. */
function setFile(page: Page, testId: string, name: string, text: string, mimeType: string) {
  return page.getByTestId(testId).setInputFiles({ name, mimeType, buffer: Buffer.from(text) });
}

describe('decision tables in the browser', () => {
  adminTest(
    'list, a table drawn as DMN, a test run, a DMN import twice and the version history',
    'admin-decisions',
    async () => {
      const a = admin;
      await a.goto('/admin/decisions');
      const row = a.getByTestId('decision-row-hpf-withdrawal-instant');
      await row.waitFor();
      assert.match(await row.innerText(), /住房公积金提取即时核准/);
      assert.match(await row.innerText(), /首个命中/);
      await a.getByTestId('decision-row-hrss-unemployment-benefit').waitFor();
      await checkPage(a, 'decision tables');

      await row.getByTestId('decision-open').click();
      await a.waitForURL(/\/admin\/decisions\/hpf-withdrawal-instant$/);
      const grid = a.getByTestId('decision-grid');
      await grid.waitFor();
      assert.equal(await a.getByTestId('hit-policy').innerText(), 'F');
      assert.equal(await grid.locator('tbody tr[data-matched]').count(), 4, 'one row per rule');
      await checkPage(a, 'decision table drawn as DMN');

      // A rent claim of 16,000 yuan is over the 15,000 limit: the first rule fails on the amount.
      await chooseOption(a, a.getByTestId('try-input-reason'), '租房自住');
      await a.getByLabel('申请金额（元）').fill('16000');
      await a.getByTestId('try-run').click();
      await a.getByTestId('try-result').waitFor();
      assert.match(await a.getByTestId('try-matched').innerText(), /otherwise/);
      assert.equal(await a.getByTestId('rule-otherwise').getAttribute('data-matched'), 'true');
      assert.equal(await a.getByTestId('rule-rent-within-limit').getAttribute('data-matched'), 'false');
      assert.match(await a.getByTestId('rule-rent-within-limit').innerText(), /不满足/);
      assert.match(await a.getByTestId('try-explanation').innerText(), /转工作人员审核/);
      await checkPage(a, 'decision table after a test run');

      await a.goto('/admin/decisions');
      await a.getByTestId('decisions-import').click();
      await a.waitForURL(/\/admin\/decisions\/import$/);
      await checkPage(a, 'DMN import');
      // Something that is not DMN is refused with a message, and nothing is saved.
      await a.getByTestId('dmn-xml').fill('<definitions><decision id="x"/></definitions>');
      await a.getByTestId('dmn-import-submit').click();
      await a.getByRole('alert').filter({ hasText: /DMN/ }).first().waitFor();
      assert.equal(await a.getByTestId('dmn-imported').count(), 0);
      await checkPage(a, 'DMN import refused');

      // The file a modeler exported (two decisions): two new tables.
      await setFile(a, 'dmn-file', 'hpf-withdrawal.dmn', DMN, 'application/xml');
      await a.getByText('已读取文件 hpf-withdrawal.dmn').first().waitFor();
      await a.getByTestId('dmn-import-submit').click();
      const imported = a.getByTestId('dmn-imported');
      const check = imported.locator('li', { hasText: 'hpf-withdrawal-check' });
      const points = imported.locator('li', { hasText: 'hpf-withdrawal-points' });
      await imported.waitFor();
      assert.match(await check.innerText(), /第 1 版\s*新版本/);
      assert.match(await points.innerText(), /第 1 版\s*新版本/);
      // The same file imported again later adds no version; the rent limit raised in the XML does.
      await a.reload();
      await setFile(a, 'dmn-file', 'hpf-withdrawal.dmn', DMN, 'application/xml');
      await a.getByText('已读取文件 hpf-withdrawal.dmn').first().waitFor();
      await a.getByTestId('dmn-import-submit').click();
      await check.getByText('内容未变，未产生新版本').waitFor();
      assert.match(await points.innerText(), /第 1 版\s*内容未变/);
      await a.getByTestId('dmn-xml').fill(DMN.replace('&lt;= 1500000', '&lt;= 1600000'));
      await a.getByTestId('dmn-import-submit').click();
      await check.getByText(/第 2 版/).waitFor();
      assert.match(await check.innerText(), /新版本/);
      assert.match(await points.innerText(), /第 1 版\s*内容未变/);
      await checkPage(a, 'DMN imported');

      await check.getByRole('link').click();
      await a.waitForURL(/\/admin\/decisions\/hpf-withdrawal-check\?version=2$/);
      await a.getByTestId('decision-versions').waitFor();
      assert.match(await a.getByTestId('decision-grid').innerText(), /<= 1600000/);
      assert.equal(await a.getByTestId('decision-versions').locator('tbody tr').count(), 2);
      assert.match(await a.getByTestId('version-2').innerText(), /当前查看/);
      assert.match(await a.getByTestId('version-1').innerText(), /DMN 导入/);
      await a.getByRole('link', { name: '查看第 1 版' }).click();
      await a.waitForURL(/\?version=1$/);
      await a
        .getByTestId('decision-version')
        .filter({ hasText: /第 1 版/ })
        .waitFor();
      assert.match(await a.getByTestId('decision-version').innerText(), /最新版本: 第 2 版/);
      assert.match(await a.getByTestId('decision-grid').innerText(), /<= 1500000/);
      await checkPage(a, 'an earlier version with the history');
    },
  );
});

const ics = (...events: string[][]) =>
  [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//test//test//ZH',
    ...events.flatMap((e) => ['BEGIN:VEVENT', ...e, 'END:VEVENT']),
    'END:VCALENDAR',
  ].join('\r\n');

describe('holiday calendar in the browser', () => {
  adminTest(
    'year view, a broken .ics refused as a whole, the 2027 schedule imported, a day edited; 360 px',
    'admin-calendar',
    async () => {
      const a = admin;
      const day = (date: string) => a.getByTestId(`day-${date}`);
      await a.goto('/workbench/calendar');
      await a.getByTestId('calendar-year').waitFor();
      const label = a.getByTestId('calendar-year-label');
      assert.equal(await label.innerText(), String(new Date().getFullYear()), 'this year first');
      for (let year = Number(await label.innerText()); year !== 2027; ) {
        const forward = year < 2027;
        year += forward ? 1 : -1;
        await a.getByRole('button', { name: forward ? '下一年' : '上一年' }).click();
        await label.filter({ hasText: String(year) }).waitFor();
      }
      await day('2027-02-08').waitFor();
      assert.equal(await day('2027-02-08').getAttribute('data-kind'), 'normal');
      assert.equal(await day('2027-02-06').getAttribute('data-kind'), 'weekend');
      await checkPage(a, 'holiday calendar, year view');

      // One good event and one without a date: nothing is imported, and the problem is named.
      const broken = ics(
        ['UID:ok', 'DTSTART;VALUE=DATE:20270208', 'SUMMARY:春节 休'],
        ['UID:bad', 'SUMMARY:国庆节 休'],
      );
      await setFile(a, 'calendar-ics', 'broken.ics', broken, 'text/calendar');
      const problems = a.getByTestId('calendar-import-problems');
      await problems.waitFor();
      assert.match(await problems.innerText(), /国庆节 休/);
      await a.getByRole('alert').first().waitFor();
      assert.equal(await day('2027-02-08').getAttribute('data-kind'), 'normal', 'all or nothing');
      await checkPage(a, 'holiday calendar, import refused');

      await setFile(a, 'calendar-ics', 'china-holidays-2027.ics', ICS_2027, 'text/calendar');
      const result = a.getByTestId('calendar-import-result');
      await result.waitFor();
      assert.match(await result.innerText(), /已导入 29 个节假日、6 个调休上班日/);
      assert.match(await result.innerText(), /元宵节: 既非放假也非上班日/);
      await a.locator('[data-testid="day-2027-02-08"][data-kind="holiday"]').waitFor();
      assert.equal(await day('2027-02-14').getAttribute('data-kind'), 'workday');
      await checkPage(a, 'holiday calendar, 2027 imported');

      await day('2027-03-12').click();
      const dialog = a.getByRole('dialog');
      await dialog.getByRole('radio', { name: '法定节假日' }).check();
      await dialog.getByLabel('名称（中文）').fill('植树节');
      await dialog.getByLabel('名称（英文）').fill('Arbor Day');
      await checkPage(a, 'edit a calendar day');
      await a.getByTestId('calendar-day-save').click();
      await a.locator('[data-testid="day-2027-03-12"][data-kind="holiday"]').waitFor();
      assert.match((await day('2027-03-12').getAttribute('aria-label')) ?? '', /植树节/);

      // On a phone the twelve months stack; the page itself never scrolls sideways.
      const phone = await signedInPage(browser, platform.url, 'staff', ADMIN, DEMO_PASSWORD, PHONE);
      await phone.goto('/workbench/calendar');
      await phone.getByTestId('calendar-year').waitFor();
      await checkPage(phone, 'holiday calendar at 360 px');
      const overflow = await phone.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      assert.ok(overflow <= 0, `the page scrolls sideways by ${overflow}px at 360 px`);
    },
  );
});
