import { maskSecret } from '../../server/src/utils/mask-secrets';

const TOKEN = 'tok-en_0123456789abcdefghijkl';
const percentEncoded = (text: string) =>
  [...text].map((char) => `%${char.charCodeAt(0).toString(16).padStart(2, '0')}`).join('');

describe('maskSecret', () => {
  it.each([
    ['as it is', TOKEN],
    ['with its dashes encoded', TOKEN.replace(/-/g, '%2D')],
    ['with every character encoded, in lower case', percentEncoded(TOKEN)],
    ['encoded twice', percentEncoded(TOKEN).replace(/%/g, '%25')],
  ])('masks the secret %s, every time it occurs', (_label, spelled) => {
    const text = `checked against https://x.example/webhooks/twilio/${spelled}/status?again=${spelled}`;
    expect(maskSecret(text, TOKEN)).toBe(
      'checked against https://x.example/webhooks/twilio/<token>/status?again=<token>'
    );
  });

  it('leaves a text without the secret exactly as it was, escapes included', () => {
    const text = 'Twilio error 21609: https://x.example/a%20b %E0%A4 100%';
    expect(maskSecret(text, TOKEN)).toBe(text);
  });

  it('masks the secret next to escapes that are not valid UTF-8', () => {
    expect(maskSecret(`%E0%A4/${TOKEN.replace(/-/g, '%2D')}`, TOKEN)).toBe('%E0%A4/<token>');
  });

  it('masks a secret that itself contains a percent sign', () => {
    expect(maskSecret('a/abc%41def-0123456789abcdef/b', 'abc%41def-0123456789abcdef')).toBe('a/<token>/b');
  });
});
