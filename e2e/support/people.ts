import { creditCodeCheckChar, residentIdCheckChar } from '@tongban/contracts';

/** The demo password identity's seed gives every demo account. */
export const DEMO_PASSWORD = 'Tongban@2026';

/**
 * The n-th valid, distinct resident ID number (GB 11643) of a person born in 东湖区 Donghu
 * District (339001): the sequence number and the birth date vary with n.
 */
export function residentId(n: number): string {
  const birth = new Date(Date.UTC(1970, 0, 1) + Math.floor(n / 999) * 86_400_000);
  const ymd = birth.toISOString().slice(0, 10).replaceAll('-', '');
  const first17 = `339001${ymd}${String((n % 999) + 1).padStart(3, '0')}`;
  return first17 + residentIdCheckChar(first17);
}

/** A distinct mainland mobile number. */
export function mobilePhone(n: number): string {
  return `139${String(n % 100_000_000).padStart(8, '0')}`;
}

export interface NewCitizen {
  name: string;
  idNumber: string;
  phone: string;
  password: string;
}

/** Sign-up details of a test citizen, unique per `n` (use a random or time-based n per run). */
export function newCitizen(n: number, name = '李晓华'): NewCitizen {
  return { name, idNumber: residentId(n), phone: mobilePhone(n), password: 'Citizen#2026pass' };
}

/** The n-th valid, distinct unified social credit code (GB 32100) of an enterprise registered in 339001. */
export function creditCode(n: number): string {
  const first17 = `91339001MA${String(n % 10_000_000).padStart(7, '0')}`;
  return first17 + creditCodeCheckChar(first17);
}

export interface NewEnterprise {
  companyName: string;
  creditCode: string;
  legalRepName: string;
  phone: string;
  password: string;
}

/** Sign-up details of a test enterprise, unique per `n`. */
export function newEnterprise(n: number, companyName = '明湖安居建设发展有限公司'): NewEnterprise {
  return {
    companyName,
    creditCode: creditCode(n),
    legalRepName: '陈建国',
    phone: mobilePhone(n + 50_000_000),
    password: 'Enterprise#2026pass',
  };
}
