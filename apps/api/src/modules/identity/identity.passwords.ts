import { type Algorithm, hash, verify } from '@node-rs/argon2';

// OWASP's argon2id parameters (DESIGN.md): 19 MiB, 2 passes, 1 lane. Algorithm.Argon2id is 2
// (a const enum, which isolated modules cannot read from the typings).
const OPTIONS = { algorithm: 2 as Algorithm, memoryCost: 19456, timeCost: 2, parallelism: 1 };

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}

// An unknown login is verified against this hash too, so it costs what a known one costs and
// timing does not tell which logins exist.
let dummy: Promise<string> | undefined;
export async function burnPasswordCheck(password: string): Promise<void> {
  dummy ??= hashPassword('tongban-no-such-account-0');
  await verifyPassword(await dummy, password);
}
