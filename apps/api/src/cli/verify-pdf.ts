// `npm run licence:verify-pdf -- file.pdf [--url http://host:8080] [--jwks keys.json] [--status-lists lists.json]`
// Verifies a sealed PDF offline from its embedded signature: a licence certificate (licence.vc.jwt,
// a W3C vc+jwt checked with the issuer's keys and status lists) or a decision notice
// (decision.seal.jws, the department's seal over the decision's content). Keys and status lists come
// from files, or are fetched once from --url; nothing else is contacted. Exit 0 verified, 1 not, 2 usage.
import { readFileSync } from 'node:fs';
import { verifyLicencePdf } from '../modules/licences/licences.pdf.ts';
import { readEmbeddedSignature, verifySealOffline } from '../modules/trust/index.ts';

interface Args {
  file: string;
  url?: string;
  jwks?: string;
  statusLists?: string;
}

function parseArgs(argv: string[]): Args | undefined {
  const args: Partial<Args> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => argv[++i];
    if (a === '--url') args.url = value();
    else if (a === '--jwks') args.jwks = value();
    else if (a === '--status-lists') args.statusLists = value();
    else if (a && !a.startsWith('--') && !args.file) args.file = a;
    else return undefined;
  }
  return args.file && (args.url || args.jwks) ? (args as Args) : undefined;
}

const readJson = (file: string) => JSON.parse(readFileSync(file, 'utf8'));

function payloadOf(jws: string): Record<string, any> {
  return JSON.parse(Buffer.from(jws.split('.')[1] ?? '', 'base64url').toString('utf8'));
}

/** GET from the server named by --url (the same path when a URL in the document names another host). */
async function fetchFrom(base: string, pathOrUrl: string, accept: string): Promise<string> {
  const path = pathOrUrl.startsWith('http') ? new URL(pathOrUrl).pathname : pathOrUrl;
  const res = await fetch(new URL(path, base), { headers: { accept } });
  if (!res.ok) throw new Error(`GET ${path}: HTTP ${res.status}`);
  return res.text();
}

const mark = (passed: boolean) => (passed ? 'ok  ' : 'FAIL');

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  if (!args) {
    console.error(
      'usage: npm run licence:verify-pdf -- <file.pdf> (--url http://host:8080 | --jwks keys.json) [--status-lists lists.json]',
    );
    return 2;
  }
  const bytes = readFileSync(args.file);
  let embedded: Awaited<ReturnType<typeof readEmbeddedSignature>>;
  try {
    embedded = await readEmbeddedSignature(bytes);
  } catch (err) {
    console.log(`NOT VERIFIED: ${(err as Error).message}`);
    return 1;
  }
  const payload = (() => {
    try {
      return payloadOf(embedded.jws);
    } catch {
      return {};
    }
  })();

  if (embedded.fileName === 'decision.seal.jws') {
    const owner = payload?.content?.department?.id;
    const jwks = args.jwks
      ? readJson(args.jwks)
      : JSON.parse(
          await fetchFrom(args.url!, `/api/v1/trust/jwks${owner ? `/${owner}` : ''}`, 'application/json'),
        );
    const result = verifySealOffline(embedded.jws, jwks);
    console.log(
      `Decision notice sealed by ${payload?.content?.department?.nameZh ?? '?'} (${result.alg}, key ${result.kid})`,
    );
    for (const c of result.checks)
      console.log(`  ${mark(c.passed)} ${c.check}${c.detail ? `: ${c.detail}` : ''}`);
    const c = result.payload?.content as Record<string, any> | undefined;
    if (c) console.log(`  case ${c.caseNumber}: ${c.item?.nameZh} — ${c.decision} at ${c.decidedAt}`);
    console.log(result.verified ? 'VERIFIED' : 'NOT VERIFIED');
    return result.verified ? 0 : 1;
  }

  // A licence: the issuer's keys by its DID, and the status lists its credentialStatus points to.
  const issuer = typeof payload.issuer === 'string' ? payload.issuer : payload.issuer?.id;
  let jwks = args.jwks ? readJson(args.jwks) : undefined;
  const statusLists: Record<string, string> = args.statusLists ? readJson(args.statusLists) : {};
  if (args.url) {
    const owner = typeof issuer === 'string' ? issuer.split(':').at(-1) : undefined;
    if (!jwks && owner && typeof issuer === 'string')
      jwks = {
        [issuer]: JSON.parse(await fetchFrom(args.url, `/api/v1/trust/jwks/${owner}`, 'application/json')),
      };
    const entries = Array.isArray(payload.credentialStatus)
      ? payload.credentialStatus
      : [payload.credentialStatus];
    for (const entry of entries) {
      const url = entry?.statusListCredential;
      if (typeof url === 'string' && !statusLists[url])
        statusLists[url] = (await fetchFrom(args.url, url, 'application/vc+jwt')).trim();
    }
  }
  const result = await verifyLicencePdf(bytes, { jwks: jwks ?? { keys: [] }, statusLists });
  const cred = result.credential;
  console.log(
    `Licence ${cred?.number ?? '?'} ${cred?.typeNameZh ?? ''} issued by ${cred?.issuerNameZh ?? issuer ?? '?'}`,
  );
  for (const c of result.checks)
    console.log(`  ${mark(c.passed)} ${c.check}${c.detail ? `: ${c.detail}` : ''}`);
  for (const w of result.warnings) console.log(`  warn ${w.code}: ${w.messageEn}`);
  for (const e of result.errors) console.log(`  error ${e.code}: ${e.messageEn}`);
  if (cred)
    console.log(
      `  valid ${cred.validFrom ?? '?'} – ${cred.validUntil ?? 'no expiry'}; status ${cred.status ?? 'unknown'}`,
    );
  console.log(result.verified ? 'VERIFIED' : 'NOT VERIFIED');
  return result.verified ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error('licence:verify-pdf failed:', err instanceof Error ? err.message : err);
    process.exit(2);
  },
);
