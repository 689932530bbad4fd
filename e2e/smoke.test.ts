import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { after, test } from 'node:test';
import { HttpClient } from './support/http.ts';
import { DEMO_PASSWORD, newCitizen } from './support/people.ts';
import { type RunningServer, startServer, tempDataDir } from './support/server.ts';

// `npm ci && npm start` on a machine without DATABASE_URL: the embedded PostgreSQL in the data
// dir, migrations, the demo seed once, and everything still there after a restart.
const dataDir = tempDataDir('tongban-smoke-');
let server: RunningServer | undefined;
after(async () => {
  await server?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

const SEED_BANNER = 'Demo accounts';
const citizen = newCitizen(Date.now() % 900_000);

test('first start on an empty data dir: embedded PostgreSQL, migrations, demo seed, API docs', async () => {
  server = await startServer({ dataDir });
  assert.match(server.output(), new RegExp(SEED_BANNER), 'the demo accounts are printed');
  assert.match(server.output(), /hcd\.window/);

  const api = new HttpClient(server.url);
  const docs = await api.get('/api/docs/json');
  assert.equal(docs.status, 200);
  assert.equal(docs.body.openapi, '3.1.0');
  assert.ok(docs.body.paths['/api/v1/services'], 'the catalogue is documented');

  const departments = await api.get('/api/v1/departments');
  assert.equal(departments.status, 200);
  const codes = departments.body.items.map((d: { code: string }) => d.code);
  assert.ok(codes.includes('HCD') && codes.includes('NRP'), `departments seeded: ${codes}`);

  const services = await api.get('/api/v1/services?limit=50');
  assert.equal(services.status, 200);
  const itemCodes = services.body.items.map((s: { code: string }) => s.code);
  assert.ok(itemCodes.includes('HCD-CP'), `service items seeded: ${itemCodes}`);

  const officer = new HttpClient(server.url);
  await officer.signIn('hcd.window', DEMO_PASSWORD);
  const me = await officer.get('/api/v1/me');
  assert.equal(me.status, 200);
  assert.ok(
    me.body.account.roles.some(
      (r: { role: string; departmentCode: string }) => r.role === 'window' && r.departmentCode === 'HCD',
    ),
  );

  const person = new HttpClient(server.url);
  const signup = await person.post('/api/v1/auth/signup/citizen', citizen);
  assert.ok(
    signup.status === 200 || signup.status === 201,
    `sign-up: ${signup.status} ${JSON.stringify(signup.body)}`,
  );

  const stopped = await server.stop();
  server = undefined;
  assert.equal(stopped, 0, 'SIGTERM shuts down cleanly');
});

test('restart on the same data dir keeps the data and does not seed again', async () => {
  // The first test stops its server when it passes; when it failed half-way, stop it here.
  await server?.stop();
  server = await startServer({ dataDir });
  assert.doesNotMatch(server.output(), new RegExp(SEED_BANNER), 'the seed does not run twice');

  const api = new HttpClient(server.url);
  const departments = await api.get('/api/v1/departments');
  assert.equal(
    departments.body.items.filter((d: { code: string }) => d.code === 'HCD').length,
    1,
    'departments are not duplicated',
  );
  const services = await api.get('/api/v1/services?limit=50');
  assert.equal(
    services.body.items.filter((s: { code: string }) => s.code === 'HCD-CP').length,
    1,
    'service items are not duplicated',
  );

  const person = new HttpClient(server.url);
  await person.signIn(citizen.idNumber, citizen.password);
  const me = await person.get('/api/v1/me');
  assert.equal(me.status, 200);
  assert.equal(me.body.account.name, citizen.name, 'the account made before the restart is still there');

  assert.equal(await server.stop(), 0);
  server = undefined;
});
