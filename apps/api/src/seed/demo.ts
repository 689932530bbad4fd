import { sql } from 'kysely';
import { seedDemoCatalogue } from '../modules/catalogue/index.ts';
import { seedDemoDecisions } from '../modules/decisions/index.ts';
import { seedDemoExchange } from '../modules/exchange/index.ts';
import { seedDemoForms } from '../modules/forms/index.ts';
import { type DemoAccount, seedDemoAccounts } from '../modules/identity/index.ts';
import { seedDemoLicenceTypes } from '../modules/licences/index.ts';
import { seedDemoHeldLicences } from '../modules/licences/licences.demo-seed.ts';
import { listDepartments, seedDemoOrg } from '../modules/org/index.ts';
import { seedDemoWorkflows } from '../modules/workflow/index.ts';
import type { PlatformContext } from '../platform/context.ts';
import { inTransaction } from '../platform/db.ts';

// Any number: one key shared by every process that might seed the same database at once.
const SEED_LOCK = 339000;

/**
 * Seeds the demo region on an empty database (DESIGN.md "Demo region") through the modules'
 * public APIs, and returns the text listing the demo accounts, or undefined when already seeded.
 * Everything runs in one transaction under an advisory lock: a failed seed leaves nothing behind
 * (the next start tries again) and two processes starting together seed once.
 */
export async function seedDemoIfEmpty(ctx: PlatformContext): Promise<string | undefined> {
  const accounts = await inTransaction(ctx.db, async (tx) => {
    await sql`SELECT pg_advisory_xact_lock(${SEED_LOCK})`.execute(tx);
    if ((await listDepartments(tx)).length > 0) return undefined;
    await seedDemoOrg(tx);
    const accounts = await seedDemoAccounts(tx);
    await seedDemoWorkflows(tx);
    // The catalogue's items name their departments and processes; forms attach to the items.
    await seedDemoCatalogue(tx);
    await seedDemoForms(tx);
    await seedDemoDecisions(tx);
    // Which approvals issue which e-licence (after the catalogue the types name).
    await seedDemoLicenceTypes(tx);
    // The exchange gateway's datasets and client systems (their demo keys go to the data dir).
    await seedDemoExchange(tx, ctx.config.dataDir);
    // Licences the demo citizen and enterprise already hold (免证办), issued and signed for real.
    await seedDemoHeldLicences(ctx, tx, async (login) => accounts.find((a) => a.login === login)?.accountId);
    return accounts;
  });
  if (!accounts) return undefined;
  ctx.log.info({ accounts: accounts.length }, 'demo region seeded');
  return formatDemoAccounts(accounts);
}

const KIND_LABEL: Record<string, string> = {
  citizen: '市民 citizen',
  enterprise: '企业 enterprise',
  staff: '工作人员 staff',
};

/** The console table of demo accounts printed on the first start. */
export function formatDemoAccounts(accounts: DemoAccount[]): string {
  const rows = accounts.map((a) => [
    a.login,
    a.password,
    KIND_LABEL[a.kind] ?? a.kind,
    a.name,
    a.roles.join(', '),
  ]);
  const head = ['login', 'password', 'kind', 'name', 'roles'];
  const width = (s: string) => [...s].reduce((w, ch) => w + (/[\u1100-\uffff]/.test(ch) ? 2 : 1), 0);
  const cols = head.map((h, i) => Math.max(width(h), ...rows.map((r) => width(r[i]!))));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c + ' '.repeat(cols[i]! - width(c)))
      .join('  ')
      .trimEnd();
  return [
    'Demo region 明湖市 Minghu City seeded. Demo accounts (demo data only, never in production):',
    line(head),
    line(cols.map((w) => '-'.repeat(w))),
    ...rows.map(line),
  ].join('\n');
}
