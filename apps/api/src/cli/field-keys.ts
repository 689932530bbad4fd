// `npm run field-keys -- status | rotate | reencrypt`: the data keys that seal personal fields at rest.
//   status     keys (id, suite, status, values under each) and what the re-encryption job still has to do
//   rotate     makes a new data key of the configured suite (CRYPTO_SUITE) active; the old one becomes
//              retiring and the running app's job (FIELD_KEY_JOB_INTERVAL_MS) re-encrypts in the background
//   reencrypt  runs that job here until no key is retiring (when no app is running)
//   rekek      after FIELD_KEY changed: PREVIOUS_FIELD_KEY=<old> FIELD_KEY=<new> wraps every data key
//              again under the new key and recomputes the blind indexes; restart every app afterwards
// Uses DATABASE_URL, or the embedded database in the data dir exactly as `npm start` does.
import { encryptedColumns, modules } from '../app.ts';
import { appendAudit } from '../modules/audit/index.ts';
import { inTransaction } from '../platform/db.ts';
import { FieldCipher, listFieldKeys, rotateFieldKey } from '../platform/field-keys.ts';
import {
  changeKek,
  type FieldKeyStatusReport,
  fieldKeyStatus,
  type Reindexer,
  reencryptPass,
} from '../platform/field-keys-rotation.ts';
import { openCliDatabase } from './cli-database.ts';

const USAGE = 'usage: npm run field-keys -- status | rotate | reencrypt | rekek';

function print(report: FieldKeyStatusReport): void {
  console.log(JSON.stringify(report));
  for (const k of report.keys)
    console.log(
      `${k.id.padEnd(36)}  ${k.suite.padEnd(8)}  ${k.status.padEnd(8)}  ${String(k.values).padStart(8)} values`,
    );
  const pending = Object.entries(report.pending).filter(([, n]) => n > 0);
  console.log(
    pending.length
      ? `Still to re-encrypt: ${pending.map(([c, n]) => `${c} ${n}`).join(', ')}`
      : 'Every value is sealed under the active key.',
  );
}

async function main(command: string | undefined): Promise<number> {
  if (!command || !['status', 'rotate', 'reencrypt', 'rekek'].includes(command)) {
    console.error(USAGE);
    return 2;
  }
  const database = await openCliDatabase();
  if (!database) return 2;
  const { config, db } = database;
  try {
    if (command === 'rotate') {
      const before = (await listFieldKeys(db)).find((k) => k.status === 'active');
      const key = await inTransaction(db, async (tx) => {
        const made = await rotateFieldKey(tx, {
          kek: config.fieldKey,
          suite: config.cryptoSuite,
          now: new Date(),
        });
        if (!made) throw new Error('no key was made');
        await appendAudit(tx, {
          actorId: null,
          actorKind: 'system',
          action: 'fieldKeys.rotate',
          subjectType: 'field_key',
          subjectId: made.id,
          details: { suite: made.suite, previous: before?.id ?? null },
        });
        return made;
      });
      console.log(
        `New active data key ${key.id} (${key.suite}); ${before ? `${before.id} is retiring.` : ''}`,
      );
    } else if (command === 'rekek') {
      if (!config.previousFieldKey) {
        console.error('rekek needs PREVIOUS_FIELD_KEY (the key being replaced) and FIELD_KEY (the new one)');
        return 2;
      }
      const reindexers = modules.flatMap((m) => (m.reindex ? [m.reindex] : [])) as Reindexer[];
      const done = await changeKek(db, {
        previousKek: config.previousFieldKey,
        kek: config.fieldKey,
        declared: encryptedColumns,
        reindexers,
      });
      await appendAudit(db, {
        actorId: null,
        actorKind: 'system',
        action: 'fieldKeys.rekek',
        subjectType: 'field_key',
        subjectId: 'kek',
        details: done,
      });
      console.log(
        `Wrapped ${done.keys} data keys under the new FIELD_KEY and re-indexed ${done.indexed} rows. Restart every app process with it.`,
      );
    } else if (command === 'reencrypt') {
      const cipher = new FieldCipher(db, config.fieldKey, config.cryptoSuite);
      // A key retires on its second clean pass; passes that change nothing three times in a row stop.
      for (let idle = 0; idle < 3; ) {
        const { rewritten, retired } = await reencryptPass(db, cipher, encryptedColumns, new Date());
        if (rewritten || retired.length)
          console.log(
            `re-encrypted ${rewritten} values${retired.length ? `; retired ${retired.join(', ')}` : ''}`,
          );
        if (!(await listFieldKeys(db)).some((k) => k.status === 'retiring')) break;
        idle = rewritten || retired.length ? 0 : idle + 1;
      }
    }
    print(await fieldKeyStatus(db, encryptedColumns));
    return 0;
  } finally {
    await database.close();
  }
}

main(process.argv[2]).then(
  (code) => process.exit(code),
  (err) => {
    console.error('field-keys failed:', err instanceof Error ? err.message : err);
    process.exit(2);
  },
);
