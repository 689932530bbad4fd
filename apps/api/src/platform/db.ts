import { Kysely, PostgresDialect, type Transaction } from 'kysely';
import pg from 'pg';

// DATE columns stay 'YYYY-MM-DD' strings (no time-zone shift); BIGINT (int8) counts fit in a JS number here.
pg.types.setTypeParser(pg.types.builtins.DATE, (v) => v);
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));

/**
 * The query executor every service and repository receives. Each module types its own tables
 * with `asTables<ModuleTables>(db)`, so no module's code compiles against another's tables.
 * A `Db` may be the pool or a transaction: repositories do not care which.
 */
export type Db = Kysely<any>;
export type Tx = Transaction<any>;

export function asTables<T>(db: Db): Kysely<T> {
  return db as unknown as Kysely<T>;
}

export interface Database {
  db: Db;
  pool: pg.Pool;
  close(): Promise<void>;
}

export function openDatabase(url: string, poolSize = 20): Database {
  const pool = new pg.Pool({ connectionString: url, max: poolSize, application_name: 'tongban' });
  // An idle client losing its connection must not crash the process; the pool replaces it.
  pool.on('error', () => {});
  const db = new Kysely<any>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    pool,
    async close() {
      await db.destroy();
    },
  };
}

/**
 * Runs `fn` in a transaction, or inside the caller's transaction when `db` already is one,
 * so a use case can be called alone or as part of a bigger unit of work.
 */
export async function inTransaction<T>(db: Db, fn: (tx: Tx) => Promise<T>): Promise<T> {
  if (db.isTransaction) return fn(db as Tx);
  return db.transaction().execute(fn);
}
