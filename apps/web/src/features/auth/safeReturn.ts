/** Only same-site paths, so a crafted link cannot send the user elsewhere after sign-in. */
export function safeReturnPath(raw: string | null): string | null {
  if (!raw?.startsWith('/') || raw.startsWith('//') || raw.startsWith('/\\')) return null;
  if (raw.startsWith('/signin') || raw.startsWith('/signup')) return null;
  return raw;
}
