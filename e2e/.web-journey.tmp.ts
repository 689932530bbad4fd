// Scratch journey for the web engineer (not committed).

import { expectAccessible } from './support/axe.ts';
import { launchBrowser } from './support/browser.ts';
import { fillConstructionPermitForm, settled, uploadRequiredMaterials } from './support/pages.ts';
import { DEMO_PASSWORD, newEnterprise } from './support/people.ts';

const BASE = process.env.BASE ?? 'http://localhost:5174';
const W = Number(process.env.W ?? 1280);
const shots = '/tmp/webshots';
const problems: string[] = [];
async function check(page: any, what: string) {
  await settled(page);
  const over = await page.evaluate(() => {
    const w = document.documentElement.clientWidth;
    if (document.documentElement.scrollWidth <= w) return null;
    return [...document.querySelectorAll('body *')]
      .filter((el) => el.getBoundingClientRect().right > w + 1)
      .slice(0, 5)
      .map(
        (el) =>
          `${el.tagName}.${String(el.className).slice(0, 60)} r=${Math.round(el.getBoundingClientRect().right)}`,
      );
  });
  if (over) problems.push(`${what}: overflow ${over.join(' | ')}`);
  await page.screenshot({ path: `${shots}/${W}-${what.replace(/\W+/g, '_')}.png`, fullPage: true });
  try {
    await expectAccessible(page, what);
  } catch (e) {
    problems.push(String((e as Error).message));
  }
}

const browser = await launchBrowser();
try {
  const ctx = await browser.newContext({
    baseURL: BASE,
    viewport: { width: W, height: 900 },
    locale: 'zh-CN',
  });
  const page = await ctx.newPage();
  page.on('console', (m) => m.type() === 'error' && console.log('console:', m.text().slice(0, 300)));
  const e = newEnterprise(Date.now() % 1_000_000);
  await page.goto('/');
  await check(page, 'home');
  await page.getByTestId('nav-signup').click();
  await page.waitForURL(/\/signup/);
  await page.getByRole('tab', { name: '法人注册' }).click();
  await check(page, 'signup');
  await page.getByTestId('signup-enterprise-companyName').fill(e.companyName);
  await page.getByTestId('signup-enterprise-creditCode').fill(e.creditCode);
  await page.getByTestId('signup-enterprise-legalRepName').fill(e.legalRepName);
  await page.getByTestId('signup-enterprise-phone').fill(e.phone);
  await page.getByTestId('signup-enterprise-password').fill(e.password);
  await page.getByTestId('signup-enterprise-confirm').fill(e.password);
  await page.getByTestId('signup-enterprise-submit').click();
  await page.waitForURL((u) => !u.pathname.startsWith('/signup'));
  await page.getByTestId('account-menu').waitFor();
  await page.getByTestId('header-search').fill('施工许可');
  await page.getByTestId('header-search').press('Enter');
  await page.waitForURL(/\/services\?q=/);
  await check(page, 'services');
  await page.getByTestId('service-card-HCD-CP').getByTestId('service-link').click();
  await check(page, 'guide');
  await page.getByTestId('apply-online').click();
  await page.waitForURL(/\/form$/);
  await check(page, 'form');
  await fillConstructionPermitForm(page, e);
  await check(page, 'materials');
  await uploadRequiredMaterials(page);
  await page.getByTestId('materials-continue').click();
  await page.waitForURL(/\/check$/);
  await check(page, 'check');
  await page.getByTestId('submit-application').click();
  await page.waitForURL(/\/submitted$/);
  await check(page, 'confirmation');
  const caseNumber = (await page.getByTestId('case-number').innerText()).trim();
  console.log('case', caseNumber);
  await page.getByTestId('view-application').click();
  await check(page, 'detail');
  await page.goto('/applications');
  await check(page, 'applications');

  for (const login of ['hcd.window', 'hcd.officer', 'nrp.officer', 'hcd.head']) {
    const c2 = await browser.newContext({
      baseURL: BASE,
      viewport: { width: W, height: 900 },
      locale: 'zh-CN',
    });
    const p2 = await c2.newPage();
    p2.on('console', (m) => m.type() === 'error' && console.log('console2:', m.text().slice(0, 300)));
    await p2.goto('/signin');
    await p2.getByTestId('signin-login').fill(login);
    await p2.getByTestId('signin-password').fill(DEMO_PASSWORD);
    await p2.getByTestId('signin-submit').click();
    await p2.waitForURL(/\/workbench/);
    await check(p2, `workbench-${login}`);
    const row = p2.getByTestId(`task-row-${caseNumber}`);
    await row.getByTestId('task-claim').click();
    await p2.waitForURL(/\/workbench\/cases\//);
    await p2.getByTestId('action-approve').waitFor();
    await check(p2, `case-${login}`);
    await p2.getByTestId('action-approve').click();
    await p2.getByTestId('action-note').fill('同意');
    await p2.getByTestId('action-confirm').click();
    await p2.waitForURL(/view=done/);
    await c2.close();
  }
  await page.goto('/applications');
  await settled(page);
  await page.getByTestId('application-link').first().click();
  await check(page, 'detail-final');
  console.log('final status', await page.getByTestId('application-detail').getAttribute('data-status'));
  await page.getByTestId('language-switch').click();
  await check(page, 'detail-final-en');
} catch (err) {
  console.log('FAILED', err);
} finally {
  await browser.close();
  console.log(problems.join('\n\n') || 'no axe problems');
}
