import { decryptWith, deriveKey, encryptWith } from '../../server/src/settings/crypto';
import {
  findPhrases,
  generatePhrase,
  hashPhrase,
  looksLikePhrase,
  PHRASE_BITS,
} from '../../server/src/identity/link-phrase';
import { maskEmail, maskName, maskPhone } from '../../server/src/identity/mask';

describe('linking phrases', () => {
  it('have at least 40 bits of entropy and the words-and-digits shape', () => {
    expect(PHRASE_BITS).toBeGreaterThanOrEqual(40);
    const phrase = generatePhrase();
    expect(phrase).toMatch(/^[a-z]+-[a-z]+-[a-z]+-\d{4}$/);
    expect(new Set(Array.from({ length: 200 }, generatePhrase)).size).toBe(200);
  });

  it('are found anywhere in a message, in any case, with any separators', () => {
    const phrase = generatePhrase();
    const [a, b, c, digits] = phrase.split('-');
    expect(findPhrases(`Link my account: ${phrase}`)).toEqual([phrase]);
    expect(findPhrases(`${a.toUpperCase()} ${b} ${c.toUpperCase()} ${digits} thanks!`)).toEqual([phrase]);
    expect(findPhrases(`hi\n${a}-${b}-${c}-${digits}.`)).toEqual([phrase]);
  });

  it('ignore text that only resembles one', () => {
    expect(findPhrases('who works on climate tech in Berlin 2026')).toEqual([]);
    expect(findPhrases('zzzz-yyyy-xxxx-1234')).toEqual([]);
    expect(looksLikePhrase('zzzz-yyyy-xxxx-1234')).toBe(true);
    expect(looksLikePhrase('any events next week?')).toBe(false);
  });

  it('are hashed with a key, so the stored hash depends on the server secret', () => {
    const phrase = generatePhrase();
    expect(hashPhrase(phrase, Buffer.from('a'))).not.toBe(hashPhrase(phrase, Buffer.from('b')));
    expect(hashPhrase(phrase, Buffer.from('a'))).not.toContain(phrase);
  });
});

describe('masking', () => {
  it('shows initials, the email domain and the last digits only', () => {
    expect(maskName('Jane Doe')).toBe('J*** D***');
    expect(maskName('  Chloé   Martin ')).toBe('C*** M***');
    expect(maskEmail('jane.doe@example.com')).toBe('j***@example.com');
    expect(maskPhone('+4915112345678')).toBe('+49 ••• 5678');
  });
});

describe('encryption at rest', () => {
  const key = deriveKey('server-secret', 'encrypt');

  it('round-trips, never contains the plaintext, and differs every time', () => {
    const sealed = encryptWith(key, 'refresh-token-value');
    expect(sealed).not.toContain('refresh-token-value');
    expect(encryptWith(key, 'refresh-token-value')).not.toBe(sealed);
    expect(decryptWith(key, sealed)).toBe('refresh-token-value');
  });

  it('refuses a tampered value or another key', () => {
    const sealed = encryptWith(key, 'refresh-token-value');
    const [v, iv, tag, body] = sealed.split(':');
    const tampered = [v, iv, tag, `${body.slice(0, -2)}AA`].join(':');
    expect(() => decryptWith(key, tampered)).toThrow();
    expect(() => decryptWith(deriveKey('other', 'encrypt'), sealed)).toThrow();
  });
});
