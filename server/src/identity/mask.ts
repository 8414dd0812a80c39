/** "Jane Doe" → "J*** D***": enough for the owner to recognise, too little to learn anything. */
export const maskName = (name: string) =>
  name
    .trim()
    .split(/\s+/)
    .filter(Boolean)
    .map((part) => `${[...part][0]}***`)
    .join(' ');

/** "jane.doe@example.com" → "j***@example.com". */
export const maskEmail = (email: string) => {
  const [local, domain] = email.split('@');
  return domain ? `${[...local][0] ?? ''}***@${domain}` : maskName(email);
};

/** "+4915112345678" → "+49 ••• 5678". */
export const maskPhone = (e164: string) => `${e164.slice(0, 3)} ••• ${e164.slice(-4)}`;
