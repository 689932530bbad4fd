import pg from 'pg';

export interface Rate {
  /** Committed transactions per second. */
  perSecond: number;
  count: number;
  seconds: number;
  clients: number;
}

/**
 * Runs `clients` loops of `work` on their own connections for `seconds` and counts how many
 * finished: the same shape as `pgbench -c <clients> -T <seconds>` with a custom script.
 */
export async function measureClients(
  url: string,
  clients: number,
  seconds: number,
  work: (c: pg.Client, client: number, i: number) => Promise<void>,
): Promise<Rate> {
  const conns = await Promise.all(
    Array.from({ length: clients }, async () => {
      const c = new pg.Client({ connectionString: url, application_name: 'tongban-bench' });
      await c.connect();
      return c;
    }),
  );
  let count = 0;
  const started = performance.now();
  const until = started + seconds * 1000;
  await Promise.all(
    conns.map(async (c, client) => {
      for (let i = 0; performance.now() < until; i++) {
        await work(c, client, i);
        count++;
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  await Promise.all(conns.map((c) => c.end()));
  return { perSecond: count / elapsed, count, seconds: elapsed, clients };
}

/**
 * The machine's limits, measured on the same PostgreSQL server as the platform in the same run:
 * a pgbench-equivalent transaction of 5 INSERTs (what a business transaction that writes a few
 * rows costs at best) and a single-row INSERT per transaction (the floor for one audit append).
 * Both with durable commits (the server's own fsync/synchronous_commit settings).
 */
export async function measureLimits(url: string, clients: number, seconds: number) {
  const setup = new pg.Client({ connectionString: url });
  await setup.connect();
  await setup.query(`
    DROP TABLE IF EXISTS bench_limit;
    CREATE TABLE bench_limit (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      client int NOT NULL,
      amount int NOT NULL,
      note text NOT NULL,
      at timestamptz NOT NULL DEFAULT now()
    )`);
  await setup.end();
  const insert = 'INSERT INTO bench_limit (client, amount, note) VALUES ($1, $2, $3)';

  const fiveInserts = await measureClients(url, clients, seconds, async (c, client, i) => {
    await c.query('BEGIN');
    for (let k = 0; k < 5; k++) await c.query(insert, [client, i * 5 + k, 'pgbench-equivalent']);
    await c.query('COMMIT');
  });
  const oneInsert = await measureClients(url, clients, seconds, async (c, client, i) => {
    await c.query(insert, [client, i, 'one row']);
  });

  const cleanup = new pg.Client({ connectionString: url });
  await cleanup.connect();
  await cleanup.query('DROP TABLE bench_limit');
  await cleanup.end();
  return { fiveInserts, oneInsert };
}
