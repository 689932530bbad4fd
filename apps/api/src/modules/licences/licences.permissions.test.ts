import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { demoApp, demoCitizen, demoEnterprise, signIn } from '../../testing/demo.ts';
import { type TestApp, TestClient } from '../../testing/harness.ts';
import { accountIdOf, issueSeniorCard } from './licences.testkit.ts';

// Who may change a licence's status (heads and administrators of the issuer) and who may issue
// through the VC API (administrators and officers of the type's department).
describe('licences permissions', () => {
  let t: TestApp;
  let citizenId: string;
  before(async () => {
    t = await demoApp();
    citizenId = await accountIdOf(await demoCitizen(t.app));
  });
  after(() => t.close());

  // One sign-in per account: sign-ins are rate limited per login.
  const clients = new Map<string, Promise<TestClient>>();
  const as = (who: string) => {
    if (!clients.has(who)) clients.set(who, signInAs(who));
    return clients.get(who)!;
  };
  const signInAs = async (who: string) =>
    who === 'anonymous'
      ? new TestClient(t.app)
      : who === 'citizen'
        ? demoCitizen(t.app)
        : who === 'enterprise'
          ? demoEnterprise(t.app)
          : signIn(t.app, who);

  const statusMatrix: [string, number][] = [
    ['anonymous', 401],
    ['citizen', 403],
    ['enterprise', 403],
    ['cab.window', 403],
    ['cab.officer', 403],
    ['samr.head', 403],
    ['samr.admin', 403],
    ['cab.head', 200],
    ['cab.admin', 200],
  ];
  for (const [who, status] of statusMatrix) {
    test(`status change of a CAB licence by ${who}: ${status}`, async () => {
      const { id } = await issueSeniorCard(t, citizenId, await as('cab.officer'));
      const res = await (await as(who)).post(`/api/v1/licences/${id}/status`, {
        action: 'suspend',
        reason: '核查期间暂停使用',
      });
      assert.equal(res.statusCode, status, res.body);
    });
  }

  const issueMatrix: [string, number][] = [
    ['anonymous', 401],
    ['citizen', 403],
    ['cab.window', 403],
    ['cab.head', 403],
    ['samr.officer', 403],
    ['cab.officer', 201],
    ['cab.admin', 201],
  ];
  for (const [who, status] of issueMatrix) {
    test(`VC API issue of a senior card by ${who}: ${status}`, async () => {
      const res = await (await as(who)).post('/api/v1/credentials/issue', {
        credential: {
          type: ['VerifiableCredential', 'SeniorCard'],
          credentialSubject: { id: `urn:uuid:${citizenId}`, name: '张明', birthDate: '1955-03-15' },
        },
      });
      assert.equal(res.statusCode, status, res.body);
    });
  }

  test('the VC API refuses a holder of the wrong kind and fields the type does not have', async () => {
    const officer = await as('cab.officer');
    const enterpriseId = await accountIdOf(await as('enterprise'));
    const wrongKind = await officer.post('/api/v1/credentials/issue', {
      credential: {
        type: ['VerifiableCredential', 'SeniorCard'],
        credentialSubject: { id: `urn:uuid:${enterpriseId}`, name: '张明' },
      },
    });
    assert.equal(wrongKind.json().error.code, 'LICENCE_HOLDER_INVALID');
    const unknownField = await officer.post('/api/v1/credentials/issue', {
      credential: {
        type: ['VerifiableCredential', 'SeniorCard'],
        credentialSubject: { id: `urn:uuid:${citizenId}`, salary: 100 },
      },
    });
    assert.equal(unknownField.json().error.code, 'LICENCE_FIELDS_INVALID');
    const wrongType = await officer.post('/api/v1/credentials/issue', {
      credential: {
        type: ['VerifiableCredential', 'BusinessLicence'],
        credentialSubject: { id: `urn:uuid:${enterpriseId}`, companyName: '某公司' },
      },
    });
    assert.equal(wrongType.statusCode, 403);
  });
});
