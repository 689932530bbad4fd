import {
  type Account,
  type AccountKind,
  checkResidentId,
  citizenSignUpProblems,
  enterpriseSignUpProblems,
  type Locale,
  localizeFieldProblems,
  normalizeIdentifier,
  type Profile,
  staffAccountProblems,
} from '@tongban/contracts';
import { v7 as uuidv7 } from 'uuid';
import type { Db } from '../../platform/db.ts';
import { AppError } from '../../platform/errors.ts';
import { listDepartments, rolesOf } from '../org/index.ts';
import { lookupIndex, seal, unseal } from './identity.keys.ts';
import { hashPassword } from './identity.passwords.ts';
import {
  type AccountRow,
  findAccount,
  findAccountByLogin,
  findProfile,
  insertAccount,
  insertProfile,
  isUniqueViolation,
  loginIndexTaken,
  type ProfileRow,
  usernameTaken,
} from './identity.repository.ts';

export type NewAccount =
  | {
      kind: 'citizen';
      name: string;
      idNumber: string;
      phone: string;
      password: string;
      email?: string;
      address?: string;
    }
  | {
      kind: 'enterprise';
      companyName: string;
      creditCode: string;
      legalRepName: string;
      phone: string;
      password: string;
      email?: string;
      address?: string;
    }
  | { kind: 'staff'; username: string; name: string; password: string };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A checked account with its password hashed, ready to be stored in the caller's transaction. */
export interface PreparedAccount {
  account: Omit<AccountRow, 'failed_attempts' | 'locked_until'>;
  profile: ProfileRow;
}

function problemsOf(input: NewAccount, today: string) {
  if (input.kind === 'citizen') return citizenSignUpProblems(input, today);
  if (input.kind === 'enterprise') return enterpriseSignUpProblems(input);
  return staffAccountProblems(input);
}

type ProfileFields = Omit<ProfileRow, 'account_id' | 'updated_at'>;
const NO_PROFILE: ProfileFields = {
  id_number_enc: null,
  birth_date: null,
  sex: null,
  phone_enc: null,
  email: null,
  address: null,
  company_name: null,
  credit_code_enc: null,
  legal_rep_name: null,
  email_enc: null,
  address_enc: null,
  legal_rep_name_enc: null,
};

const sealed = (value: string | undefined) => (value ? seal(value) : null);
/** A sealed value, or a plain one an upgraded database still holds until the start pass seals it. */
const opened = (enc: string | null, plain: string | null) => (enc ? unseal(enc) : (plain ?? undefined));

/** How the account is found at sign-in, its display name, and its profile as stored (identifiers sealed). */
function identityOf(input: NewAccount, today: string) {
  if (input.kind === 'staff') {
    return { loginIndex: null, username: input.username, name: input.name.trim(), profile: NO_PROFILE };
  }
  const contact = {
    phone_enc: seal(input.phone.trim()),
    email_enc: sealed(input.email),
    address_enc: sealed(input.address),
  };
  if (input.kind === 'citizen') {
    const idNumber = normalizeIdentifier(input.idNumber);
    const born = checkResidentId(idNumber, today);
    if (typeof born === 'string') throw new AppError('VALIDATION_FAILED');
    return {
      loginIndex: lookupIndex(idNumber),
      username: null,
      name: input.name.trim(),
      profile: {
        ...NO_PROFILE,
        ...contact,
        id_number_enc: seal(idNumber),
        birth_date: born.birthDate,
        sex: born.sex,
      },
    };
  }
  const creditCode = normalizeIdentifier(input.creditCode);
  return {
    loginIndex: lookupIndex(creditCode),
    username: null,
    name: input.companyName.trim(),
    profile: {
      ...NO_PROFILE,
      ...contact,
      company_name: input.companyName.trim(),
      credit_code_enc: seal(creditCode),
      legal_rep_name_enc: seal(input.legalRepName.trim()),
    },
  };
}

/**
 * Checks every field (all problems at once, localized), refuses a taken identifier, and hashes
 * the password — outside any transaction, since hashing is the slow part.
 */
export async function prepareAccount(
  db: Db,
  input: NewAccount,
  at: Date,
  locale: Locale,
): Promise<PreparedAccount> {
  const today = at.toISOString().slice(0, 10);
  const problems = problemsOf(input, today);
  if (problems.length) throw new AppError('VALIDATION_FAILED', localizeFieldProblems(problems, locale));
  const { loginIndex, username, name, profile } = identityOf(input, today);
  const taken = loginIndex ? await loginIndexTaken(db, loginIndex) : await usernameTaken(db, username!);
  if (taken) throw new AppError('ACCOUNT_EXISTS');
  const id = uuidv7();
  return {
    account: {
      id,
      kind: input.kind,
      login_index: loginIndex,
      username,
      name,
      password_hash: await hashPassword(input.password),
      created_at: at,
    },
    profile: { ...profile, account_id: id, updated_at: at },
  };
}

export async function storeAccount(tx: Db, prepared: PreparedAccount): Promise<void> {
  try {
    await insertAccount(tx, prepared.account);
    await insertProfile(tx, prepared.profile);
  } catch (err) {
    // Two sign-ups with one identifier at once: the unique index lets exactly one through.
    if (isUniqueViolation(err)) throw new AppError('ACCOUNT_EXISTS');
    throw err;
  }
}

/** The account as the API shows it: staff roles with their departments' names. */
export async function presentAccount(
  db: Db,
  account: { id: string; kind: AccountKind; name: string },
): Promise<Account> {
  const roles = account.kind === 'staff' ? await rolesOf(db, account.id) : [];
  const departments = roles.length ? new Map((await listDepartments(db)).map((d) => [d.id, d])) : new Map();
  return {
    id: account.id,
    kind: account.kind,
    name: account.name,
    roles: roles.map((r) => {
      const d = departments.get(r.departmentId);
      return {
        role: r.role,
        departmentId: r.departmentId,
        departmentCode: d?.code ?? '',
        departmentNameZh: d?.nameZh ?? '',
        departmentNameEn: d?.nameEn ?? '',
      };
    }),
  };
}

/** The holder's own data in full (decrypted); callers that show it to someone else mask it. */
export async function getProfile(db: Db, accountId: string): Promise<Profile> {
  const account = UUID.test(accountId) ? await findAccount(db, accountId) : undefined;
  if (!account) throw new AppError('NOT_FOUND');
  const row = await findProfile(db, accountId);
  const profile: Profile = {
    accountId,
    kind: account.kind,
    name:
      account.kind === 'enterprise' && row
        ? (opened(row.legal_rep_name_enc, row.legal_rep_name) ?? account.name)
        : account.name,
  };
  if (!row) return profile;
  const fields: Partial<Profile> = {
    idNumber: row.id_number_enc ? unseal(row.id_number_enc) : undefined,
    birthDate: row.birth_date ?? undefined,
    sex: row.sex ?? undefined,
    phone: row.phone_enc ? unseal(row.phone_enc) : undefined,
    email: opened(row.email_enc, row.email),
    address: opened(row.address_enc, row.address),
    companyName: row.company_name ?? undefined,
    creditCode: row.credit_code_enc ? unseal(row.credit_code_enc) : undefined,
    legalRepName: opened(row.legal_rep_name_enc, row.legal_rep_name),
  };
  for (const [k, v] of Object.entries(fields)) if (v !== undefined) Object.assign(profile, { [k]: v });
  return profile;
}

/**
 * The citizen (by resident ID number) or enterprise (by credit code) account registered with this
 * identifier, found by its blind index: how the exchange gateway finds a request's data subject.
 */
export async function findAccountByIdentifier(
  db: Db,
  kind: 'citizen' | 'enterprise',
  identifier: string,
): Promise<{ id: string } | undefined> {
  const row = await findAccountByLogin(db, {
    loginIndex: lookupIndex(normalizeIdentifier(identifier)),
    username: '',
  });
  return row?.kind === kind ? { id: row.id } : undefined;
}

export async function getAccountName(db: Db, accountId: string): Promise<string | undefined> {
  return UUID.test(accountId) ? (await findAccount(db, accountId))?.name : undefined;
}

export async function isStaffAccount(db: Db, accountId: string): Promise<boolean> {
  return UUID.test(accountId) && (await findAccount(db, accountId))?.kind === 'staff';
}
