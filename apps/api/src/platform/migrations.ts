import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import type { Db } from './db.ts';

/** A source of SQL migrations: a module (or the platform) and the folder that holds its NNNN_*.sql files. */
export interface MigrationSource {
  module: string;
  dir: string;
}

interface Migration {
  module: string;
  name: string;
  sql: string;
  checksum: string;
}

// Any fixed 64-bit number: every process that migrates takes the same advisory lock.
const MIGRATION_LOCK = 727_001;

function readMigrations(source: MigrationSource): Migration[] {
  let files: string[];
  try {
    files = readdirSync(source.dir).filter((f) => /^\d{4}_[\w-]+\.sql$/.test(f));
  } catch {
    return [];
  }
  return files.sort().map((name) => {
    const text = readFileSync(path.join(source.dir, name), 'utf8');
    return {
      module: source.module,
      name,
      sql: text,
      checksum: createHash('sha256').update(text).digest('hex'),
    };
  });
}

/**
 * Applies each source's migrations in order (sources in the given order, files by number),
 * each in its own transaction and recorded in platform_migrations, under an advisory lock so
 * two processes starting together do not race. An applied file that changed is an error:
 * migrations are append-only.
 */
export async function migrate(db: Db, sources: MigrationSource[]): Promise<string[]> {
  const applied: string[] = [];
  await db.connection().execute(async (conn) => {
    await sql`SELECT pg_advisory_lock(${MIGRATION_LOCK})`.execute(conn);
    try {
      await sql`CREATE TABLE IF NOT EXISTS platform_migrations (
        module text NOT NULL, name text NOT NULL, checksum text NOT NULL,
        applied_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (module, name))`.execute(conn);
      const done = await sql<{ module: string; name: string; checksum: string }>`
        SELECT module, name, checksum FROM platform_migrations`.execute(conn);
      const known = new Map(done.rows.map((r) => [`${r.module}/${r.name}`, r.checksum]));
      for (const source of sources) {
        for (const m of readMigrations(source)) {
          const key = `${m.module}/${m.name}`;
          const checksum = known.get(key);
          if (checksum !== undefined) {
            if (checksum !== m.checksum) throw new Error(`Migration ${key} was changed after it was applied`);
            continue;
          }
          await conn.transaction().execute(async (tx) => {
            await sql.raw(m.sql).execute(tx);
            await sql`INSERT INTO platform_migrations (module, name, checksum) VALUES (${m.module}, ${m.name}, ${m.checksum})`.execute(
              tx,
            );
          });
          applied.push(key);
        }
      }
    } finally {
      await sql`SELECT pg_advisory_unlock(${MIGRATION_LOCK})`.execute(conn);
    }
  });
  return applied;
}
