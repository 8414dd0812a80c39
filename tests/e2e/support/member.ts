/** A demo member's side of linking, over the REST API as the community's website would do it. */

export const DEMO_MEMBER = { email: 'ada@example.com', password: 'Demo-pass-2026!', phone: '+4915100000001' };

const json = async <T>(response: Response, what: string): Promise<T> => {
  const body = (await response.json()) as T;
  if (!response.ok) throw new Error(`${what} failed: ${response.status} ${JSON.stringify(body)}`);
  return body;
};

/** Logs the member in and asks for a one-time linking phrase. */
export const requestLinkCode = async (baseUrl: string, member = DEMO_MEMBER) => {
  const { jwt } = await json<{ jwt: string }>(
    await fetch(`${baseUrl}/api/auth/local`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ identifier: member.email, password: member.password }),
    }),
    `Login of ${member.email}`
  );
  const { code } = await json<{ code: string }>(
    await fetch(`${baseUrl}/api/whatsapp-agent/link-codes`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${jwt}` },
    }),
    'Link code request'
  );
  return code;
};
