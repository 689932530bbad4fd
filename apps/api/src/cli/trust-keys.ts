// `npm run trust:keys -- <command>`: the signing keys of departments and of the platform, from the
// server (the platform's own key has no web page: no platform-admin role exists).
//   list [owner]                       keys, newest first (owner: a department id or 'platform')
//   rotate <owner> [--alg EdDSA|ES256|SM2]   a new active key; the current one is retired (still verifies)
//   compromised <kid> [--reason text]  the key verifies nothing any more; an active one is replaced
// Uses DATABASE_URL, or the embedded database in the data dir exactly as `npm start` does.
import { errorSpec } from '@tongban/contracts';
import { compromiseKey, listKeyPage, replaceActiveKey, type TrustedKey } from '../modules/trust/index.ts';
import { SIGNING_ALGS, type SigningAlg } from '../platform/crypto.ts';
import { isAppError } from '../platform/errors.ts';
import { openCliDatabase } from './cli-database.ts';

const USAGE = `usage: npm run trust:keys -- list [owner]
       npm run trust:keys -- rotate <owner> [--alg EdDSA|ES256|SM2]
       npm run trust:keys -- compromised <kid> [--reason <text>]
owner: a department id, or 'platform'`;

const CLI = { accountId: null, kind: 'system' as const };

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

function line(k: TrustedKey): string {
  const ended = k.compromisedAt ?? k.retiredAt ?? '';
  return [k.kid, k.owner, k.alg.padEnd(5), k.status.padEnd(11), k.createdAt, ended].join('  ');
}

async function main(args: string[]): Promise<number> {
  const [command, target] = args;
  if (!command || !['list', 'rotate', 'compromised'].includes(command)) {
    console.error(USAGE);
    return 2;
  }
  const alg = option(args, '--alg');
  if (alg !== undefined && !SIGNING_ALGS.includes(alg as SigningAlg)) {
    console.error(`--alg must be one of ${SIGNING_ALGS.join(', ')}`);
    return 2;
  }
  if (command !== 'list' && !target) {
    console.error(USAGE);
    return 2;
  }
  const database = await openCliDatabase();
  if (!database) return 2;
  const ctx = { config: database.config, db: database.db, now: () => new Date() };
  try {
    if (command === 'list') {
      const keys: TrustedKey[] = [];
      let cursor: string | undefined;
      do {
        const page = await listKeyPage(ctx.db, {
          ...(target ? { owners: [target.toLowerCase()] } : {}),
          limit: 100,
          ...(cursor ? { cursor } : {}),
        });
        keys.push(...page.items);
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      console.log('kid  owner  alg  status  created  retired/compromised');
      for (const k of keys) console.log(line(k));
      console.log(`${keys.length} key(s).`);
    } else if (command === 'rotate') {
      const change = await replaceActiveKey(ctx, CLI, target!, {
        ...(alg ? { alg: alg as SigningAlg } : {}),
        action: 'trust.key.rotate',
        details: { via: 'cli' },
      });
      if (change.retired) console.log(`retired  ${line(change.retired)}`);
      console.log(`active   ${line(change.active)}`);
    } else {
      const change = await compromiseKey(ctx, CLI, target!, option(args, '--reason'));
      console.log(`compromised  ${line(change.key)}`);
      if (change.active) console.log(`active       ${line(change.active)}`);
    }
    return 0;
  } catch (err) {
    if (isAppError(err)) {
      console.error(`trust:keys: ${err.code}: ${errorSpec(err.code)?.en ?? ''}`);
      return 1;
    }
    throw err;
  } finally {
    await database.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    console.error('trust:keys failed:', err instanceof Error ? err.message : err);
    process.exit(2);
  },
);
