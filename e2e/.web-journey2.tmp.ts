// Scratch: return-for-supplement, upload errors, live validation, English (not committed).

import { expectAccessible } from './support/axe.ts';
import { launchBrowser } from './support/browser.ts';
import { fillConstructionPermitForm, settled, uploadRequiredMaterials } from './support/pages.ts';
import { DEMO_PASSWORD, newEnterprise } from './support/people.ts';

const BASE = process.env.BASE ?? 'http://localhost:5174';
const W = Number(process.env.W ?? 1280);
const problems: string[] = [];
async function check(page: any, what: string) {
  await settled(page);
  await page.screenshot({ path: `/tmp/webshots/j2-${W}-${what.replace(/\W+/g, '_')}.png`, fullPage: true });
  try {
    await expectAccessible(page, what);
  } catch (e) {
    problems.push(String((e as Error).message));
  }
}
const browser = await launchBrowser();
try {
  const ctx = await browser.newContext({ baseURL: BASE, viewport: { width: W, height: 900 } });
  const page = await ctx.newPage();
  page.on('framenavigated', (f) => f === page.mainFrame() && console.log('nav', f.url()));
  page.on(
    'console',
    (m) =>
      m.type() !== 'debug' && !m.text().includes('401') && console.log('console', m.text().slice(0, 200)),
  );
  // 401 → sign-in with return path
  await page.goto('/applications');
  await page.waitForURL(/\/signin\?returnTo=%2Fapplications/);
  console.log('redirect ok', page.url());
  await page.getByTestId('signin-login').fill('nobody');
  await page.getByTestId('signin-password').fill('wrong');
  await page.getByTestId('signin-submit').click();
  await page.getByTestId('error-alert').waitFor();
  console.log('signin error:', await page.getByTestId('error-alert').innerText());
  await check(page, 'signin-error');
  const e = newEnterprise(Date.now() % 1_000_000);
  await page.goto('/signup');
  await page.getByRole('tab', { name: '法人注册' }).click();
  await page.getByTestId('signup-enterprise-creditCode').fill('91339001MA0000001X');
  await page.getByTestId('signup-enterprise-phone').fill('123');
  await page.waitForTimeout(500);
  console.log(
    'live errors:',
    (await page.locator('.ant-form-item-explain-error').allInnerTexts()).join(' | '),
  );
  await check(page, 'signup-live-errors');
  await page.getByTestId('signup-enterprise-companyName').fill(e.companyName);
  await page.getByTestId('signup-enterprise-creditCode').fill(e.creditCode);
  await page.getByTestId('signup-enterprise-legalRepName').fill(e.legalRepName);
  await page.getByTestId('signup-enterprise-phone').fill(e.phone);
  await page.getByTestId('signup-enterprise-password').fill(e.password);
  await page.getByTestId('signup-enterprise-confirm').fill(e.password);
  await page.getByTestId('signup-enterprise-submit').click();
  await page.waitForURL((u) => !u.pathname.startsWith('/signup'));
  await page.goto('/services/HCD-CP');
  await page.getByTestId('apply-online').click();
  await page.waitForURL(/\/form$/);
  await settled(page);
  // live validation in the smart form
  await page.locator('#root_enterprise_phone').fill('12');
  await page.locator('#root_project_projectName').click();
  await page.waitForTimeout(400);
  console.log(
    'form live errors:',
    (await page.locator('.ant-form-item-explain-error').allInnerTexts()).slice(0, 3).join(' | '),
  );
  await page.locator('#root_enterprise_phone').fill(e.phone);
  await fillConstructionPermitForm(page, e);
  // wrong file type
  const card = page.locator('[data-testid^="material-"][data-provided]').first();
  await card
    .locator('input[type=file]')
    .setInputFiles({ name: 'x.pdf', mimeType: 'application/pdf', buffer: Buffer.from('hello not a pdf') });
  await page.getByTestId('upload-error').waitFor();
  console.log('upload error:', await page.getByTestId('upload-error').innerText());
  await check(page, 'materials-upload-error');
  await uploadRequiredMaterials(page);
  await page.getByTestId('materials-continue').click();
  await page.waitForURL(/\/check$/);
  // change link goes to the field
  await page.getByTestId('answer-change').first().click();
  await page.waitForURL(/\/form\?return=check#/);
  await settled(page);
  await page.waitForTimeout(500);
  console.log('focused:', await page.evaluate(() => document.activeElement?.id));
  await page.getByTestId('form-continue').click();
  await page.waitForURL(/\/check$/);
  await page.getByTestId('submit-application').click();
  await page.waitForURL(/\/submitted$/);
  const caseNumber = (await page.getByTestId('case-number').innerText()).trim();
  const appUrl = page.url().replace('/submitted', '');

  const c2 = await browser.newContext({ baseURL: BASE, viewport: { width: W, height: 900 } });
  const p2 = await c2.newPage();
  await p2.goto('/signin');
  await p2.getByTestId('signin-login').fill('hcd.window');
  await p2.getByTestId('signin-password').fill(DEMO_PASSWORD);
  await p2.getByTestId('signin-submit').click();
  await p2.waitForURL(/\/workbench/);
  await settled(p2);
  await p2.getByTestId(`task-row-${caseNumber}`).getByTestId('task-open').click();
  await p2.getByTestId('case-claim').click();
  await p2.getByTestId('action-return').click();
  await p2.getByTestId('action-confirm').click();
  await p2.locator('#task-note-error').waitFor();
  await check(p2, 'return-note-required');
  await p2.getByTestId('action-note').fill('请补充施工图审查合格书的盖章页');
  await p2.getByTestId('action-confirm').click();
  await p2.waitForURL(/view=done/);
  await check(p2, 'workbench-done');

  await page.goto(appUrl);
  await page.getByTestId('returned-alert').waitFor();
  console.log('note:', await page.getByTestId('return-note').first().innerText());
  await check(page, 'detail-returned');
  await page.getByTestId('start-supplement').click();
  await page.waitForURL(/\/supplement$/);
  await check(page, 'supplement');
  await page.getByTestId('resubmit').click();
  await page.waitForURL((u) => !u.pathname.endsWith('/supplement'));
  await settled(page);
  console.log(
    'after resubmit status:',
    await page.getByTestId('application-detail').getAttribute('data-status'),
  );
  await page.getByTestId('language-switch').click();
  await check(page, 'detail-en');
  console.log('html lang', await page.evaluate(() => document.documentElement.lang));
  await page.reload();
  await settled(page);
  console.log('remembered lang', await page.evaluate(() => document.documentElement.lang));
  await page.getByTestId('withdraw').click();
  await page.locator('#withdraw-reason').fill('No longer needed');
  await check(page, 'withdraw-modal');
  await page.getByTestId('withdraw-confirm').click();
  await page.waitForTimeout(800);
  console.log('after withdraw:', await page.getByTestId('application-detail').getAttribute('data-status'));
} catch (err) {
  console.log('FAILED', err);
  for (const c of browser.contexts())
    for (const pg of c.pages()) {
      console.log('at', pg.url());
      await pg.screenshot({ path: `/tmp/webshots/fail-${Date.now()}.png`, fullPage: true });
    }
} finally {
  await browser.close();
  console.log(problems.join('\n\n') || 'no axe problems');
}
