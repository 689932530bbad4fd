// `npm run log:verify -- --url https://host [--leaf <hash>|--index n] [--from-size m] [--state file]`:
// checks the platform's transparency log from its public API alone, as any outsider can — the
// signed tree head against the JWKS, a leaf's inclusion, and that the log still extends the tree
// head seen last time (remembered in a small state file). Exit 0: all verified; 1: something
// failed verification; 2: could not check (usage, network, nothing remembered of that size).
import { readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type {
  ConsistencyProof,
  InclusionProof,
  Jwks,
  LogEntriesPage,
  SignedTreeHead,
} from '@tongban/contracts';
import { leafHashOf, verifyConsistency, verifyInclusion } from '../modules/trust/log.merkle.ts';
import { TreeHeadInvalid, verifyTreeHead } from '../modules/trust/log.verifier.ts';

const USAGE =
  'usage: npm run log:verify -- --url <platform URL> [--leaf <base64 leaf hash> | --index <n>] [--from-size <m>] [--state <file>]';

class CannotCheck extends Error {}
class Failed extends Error {}

interface SeenHead {
  treeSize: number;
  rootHash: string;
  timestamp: string;
}
type State = Record<string, { heads: SeenHead[] }>;
/** Heads remembered per log: enough to check from any recent one. */
const HEADS_KEPT = 50;

function readState(file: string): State {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as State;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw new CannotCheck(`cannot read the state file ${file}: ${(err as Error).message}`);
  }
}

async function getJson<T>(base: string, pathAndQuery: string): Promise<T> {
  const url = new URL(pathAndQuery, base);
  let res: Response;
  try {
    res = await fetch(url, { signal: AbortSignal.timeout(30_000), headers: { accept: 'application/json' } });
  } catch (err) {
    throw new CannotCheck(`cannot reach ${url.origin}: ${(err as Error).message}`);
  }
  const body = (await res.json().catch(() => undefined)) as { error?: { message?: string } } | undefined;
  if (!res.ok) {
    const why = body?.error?.message ?? res.statusText;
    // A leaf the log does not have is a verdict; any other refusal means the check could not be made.
    const Err = res.status === 404 ? Failed : CannotCheck;
    throw new Err(`${url.pathname}: ${res.status} ${why}`);
  }
  return body as T;
}

const b64 = (s: string) => Buffer.from(s, 'base64');

async function run(argv: string[], say: (line: string) => void): Promise<void> {
  let args: ReturnType<typeof parse>;
  const parse = (a: string[]) =>
    parseArgs({
      args: a,
      options: {
        url: { type: 'string' },
        leaf: { type: 'string' },
        index: { type: 'string' },
        'from-size': { type: 'string' },
        state: { type: 'string' },
      },
      strict: true,
    });
  try {
    args = parse(argv);
  } catch (err) {
    throw new CannotCheck(`${(err as Error).message}\n${USAGE}`);
  }
  const { url, leaf, index, 'from-size': fromSize } = args.values;
  if (!url || (leaf !== undefined && index !== undefined)) throw new CannotCheck(USAGE);
  const base = new URL(url).toString();
  const stateFile = args.values.state ?? path.join(homedir(), '.tongban-log-state.json');

  // 1. The signed tree head, against the platform's published keys (fetched after the head: a
  // log's very first head may be signed with a key made for it on the spot).
  const sth = await getJson<SignedTreeHead>(base, '/api/v1/trust/log/sth');
  const jwks = await getJson<Jwks>(base, '/api/v1/trust/jwks');
  let head: { treeSize: number; rootHash: Buffer };
  try {
    head = verifyTreeHead(sth, jwks);
  } catch (err) {
    if (err instanceof TreeHeadInvalid) throw new Failed(err.message);
    throw err;
  }
  const alg = jwks.keys.find((k) => k.kid === sth.kid)?.alg;
  say(
    `Tree head: ${head.treeSize} entries, root ${sth.rootHash}, signed ${sth.timestamp} by key ${sth.kid} (${alg}): signature valid.`,
  );

  // 2. A leaf's inclusion in that tree, and the entry it stands for.
  if (leaf !== undefined || index !== undefined) {
    if (index !== undefined && !/^\d+$/.test(index))
      throw new CannotCheck(`--index must be a number\n${USAGE}`);
    const which = leaf !== undefined ? `leafHash=${encodeURIComponent(leaf)}` : `index=${index}`;
    const proof = await getJson<InclusionProof>(
      base,
      `/api/v1/trust/log/proof/inclusion?${which}&treeSize=${head.treeSize}`,
    );
    if (
      leaf !== undefined &&
      !b64(proof.leafHash).equals(b64(leaf.replaceAll('-', '+').replaceAll('_', '/')))
    )
      throw new Failed('the log answered with a proof for another leaf');
    if (
      !verifyInclusion(
        proof.leafIndex,
        head.treeSize,
        b64(proof.leafHash),
        proof.auditPath.map(b64),
        head.rootHash,
      )
    )
      throw new Failed(`the inclusion proof of entry #${proof.leafIndex} does not lead to the signed root`);
    const page = await getJson<LogEntriesPage>(
      base,
      `/api/v1/trust/log/entries?start=${proof.leafIndex}&end=${proof.leafIndex}`,
    );
    const entry = page.entries[0];
    if (!entry || leafHashOf(entry).toString('base64') !== proof.leafHash)
      throw new Failed(`entry #${proof.leafIndex} as served does not hash to its leaf`);
    say(
      `Entry #${entry.index} (${entry.kind} ${entry.ref}, appended ${entry.appendedAt}) is in the log: inclusion proof verified.`,
    );
  }

  // 3. The log still extends what was seen before: nothing changed or removed since.
  const state = readState(stateFile);
  const seen = state[base]?.heads ?? [];
  let from: SeenHead | undefined;
  if (fromSize !== undefined) {
    from = seen.find((h) => String(h.treeSize) === fromSize);
    if (!from)
      throw new CannotCheck(
        `no tree head of size ${fromSize} remembered in ${stateFile} (remembered: ${seen.map((h) => h.treeSize).join(', ') || 'none'})`,
      );
  } else {
    from = seen.reduce<SeenHead | undefined>((a, h) => (!a || h.treeSize > a.treeSize ? h : a), undefined);
  }
  if (!from) {
    say(`First check of this log: its tree head of ${head.treeSize} entries is remembered in ${stateFile}.`);
  } else if (from.treeSize > head.treeSize) {
    throw new Failed(
      `the log shrank: ${from.treeSize} entries were seen on ${from.timestamp}, now ${head.treeSize}`,
    );
  } else if (from.treeSize === 0) {
    say(`The log was empty when seen on ${from.timestamp}: any log extends it.`);
  } else if (from.treeSize === head.treeSize) {
    if (from.rootHash !== sth.rootHash)
      throw new Failed(
        `the tree of ${head.treeSize} entries has another root than on ${from.timestamp}: the log was rewritten`,
      );
    say(`Unchanged since ${from.timestamp} (${head.treeSize} entries, same root).`);
  } else {
    const proof = await getJson<ConsistencyProof>(
      base,
      `/api/v1/trust/log/proof/consistency?first=${from.treeSize}&second=${head.treeSize}`,
    );
    if (
      !verifyConsistency(
        from.treeSize,
        head.treeSize,
        b64(from.rootHash),
        head.rootHash,
        proof.consistency.map(b64),
      )
    )
      throw new Failed(
        `the log of ${head.treeSize} entries does not extend the one of ${from.treeSize} seen on ${from.timestamp}: earlier entries were changed or removed`,
      );
    say(
      `Consistent with the tree head of ${from.treeSize} entries seen ${from.timestamp}: nothing earlier was changed or removed.`,
    );
  }
  const heads = [
    ...seen.filter((h) => h.treeSize !== head.treeSize),
    { treeSize: head.treeSize, rootHash: sth.rootHash, timestamp: sth.timestamp },
  ]
    .sort((a, b) => a.treeSize - b.treeSize)
    .slice(-HEADS_KEPT);
  writeFileSync(stateFile, `${JSON.stringify({ ...state, [base]: { heads } }, null, 2)}\n`, { mode: 0o600 });
}

run(process.argv.slice(2), (line) => console.log(line)).then(
  () => {
    console.log('OK: the transparency log verified.');
    process.exit(0);
  },
  (err) => {
    if (err instanceof Failed) {
      console.log(`FAILED: ${err.message}`);
      process.exit(1);
    }
    console.error(`log:verify could not check: ${err instanceof Error ? err.message : err}`);
    process.exit(2);
  },
);
