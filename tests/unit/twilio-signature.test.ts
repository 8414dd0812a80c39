import { getExpectedTwilioSignature } from 'twilio/lib/webhooks/webhooks';
import vectors from '../fixtures/twilio-signature-vectors.json';
import { isValidTwilioSignature, secretsEqual, signedUrl } from '../../server/src/channels/twilio/signature';

describe("Twilio signature checks against Twilio's published vectors", () => {
  it.each(vectors.cases)('accepts $url', ({ url, signature }) => {
    expect(isValidTwilioSignature(vectors.authToken, signature, url, vectors.params)).toBe(true);
  });

  it.each(vectors.cases)(
    'rejects any change to the URL, a param or the token for $url',
    ({ url, signature }) => {
      expect(
        isValidTwilioSignature(vectors.authToken, signature, url.replace('foo=1', 'foo=2'), vectors.params)
      ).toBe(false);
      expect(
        isValidTwilioSignature(vectors.authToken, signature, url, { ...vectors.params, Digits: '1235' })
      ).toBe(false);
      expect(
        isValidTwilioSignature(vectors.authToken, signature, url, { ...vectors.params, Extra: 'added' })
      ).toBe(false);
      expect(isValidTwilioSignature('54321', signature, url, vectors.params)).toBe(false);
    }
  );

  it('treats a non-default port as significant', () => {
    const [, , , withPort] = vectors.cases;
    expect(
      isValidTwilioSignature(
        vectors.authToken,
        withPort.signature,
        'http://mycompany.com/myapp.php?foo=1&bar=2',
        vectors.params
      )
    ).toBe(false);
  });

  it('accepts the URL with its default port or without, whichever of the two Twilio signed', () => {
    const body = { MessageSid: 'SM1', Body: 'hello' };
    const signature = getExpectedTwilioSignature('token', 'https://example.org:443/hook?x=1', body);
    expect(isValidTwilioSignature('token', signature, 'https://example.org/hook?x=1', body)).toBe(true);
    expect(isValidTwilioSignature('token', signature, 'https://example.org:443/hook?x=1', body)).toBe(true);
    expect(isValidTwilioSignature('token', signature, 'https://example.org/hook?x=2', body)).toBe(false);
  });

  it('rejects a missing or empty signature', () => {
    const [first] = vectors.cases;
    expect(isValidTwilioSignature(vectors.authToken, undefined, first.url, vectors.params)).toBe(false);
    expect(isValidTwilioSignature(vectors.authToken, '', first.url, vectors.params)).toBe(false);
  });
});

describe('signedUrl', () => {
  it('joins the public base URL (proxy, custom port) with the path and query Strapi received', () => {
    expect(signedUrl('https://community.example.org/', '/api/whatsapp-agent/webhooks/twilio/tok?x=1')).toBe(
      'https://community.example.org/api/whatsapp-agent/webhooks/twilio/tok?x=1'
    );
    expect(signedUrl('http://localhost:8443', '/api/a')).toBe('http://localhost:8443/api/a');
  });

  it('keeps only the path and query of an absolute URL in the request line', () => {
    expect(signedUrl('https://community.example.org', 'http://evil.example:81/api/a?x=1')).toBe(
      'https://community.example.org/api/a?x=1'
    );
  });
});

describe('isValidTwilioSignature', () => {
  it('answers false, not an exception, for a URL the validator cannot parse', () => {
    const [first] = vectors.cases;
    expect(
      isValidTwilioSignature(
        vectors.authToken,
        first.signature,
        'https://a.examplehttp://b/x',
        vectors.params
      )
    ).toBe(false);
  });
});

describe('secretsEqual', () => {
  it('matches only the identical secret', () => {
    expect(secretsEqual('a'.repeat(32), 'a'.repeat(32))).toBe(true);
    expect(secretsEqual('a'.repeat(32), `${'a'.repeat(31)}b`)).toBe(false);
    expect(secretsEqual('short', 'a'.repeat(32))).toBe(false);
  });

  it('follows the expected secret when it is rotated (its digest is kept between requests)', () => {
    expect(secretsEqual('old-token', 'old-token')).toBe(true);
    expect(secretsEqual('old-token', 'new-token')).toBe(false);
    expect(secretsEqual('new-token', 'new-token')).toBe(true);
    expect(secretsEqual('new-token', 'old-token')).toBe(false);
  });
});
