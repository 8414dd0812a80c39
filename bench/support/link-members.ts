import type { TwilioEmulator } from '../../simulator/twilio-emulator';

/** The WhatsApp number of benchmark member `index`. */
export const memberPhone = (index: number) => `+4915200${String(index).padStart(6, '0')}`;

const linkMember = async (
  baseUrl: string,
  twilio: TwilioEmulator,
  index: number,
  webhook?: { url: string; signedUrl?: string }
) => {
  const phone = `whatsapp:${memberPhone(index)}`;
  const register = await fetch(`${baseUrl}/api/auth/local/register`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      username: `bench${index}`,
      email: `bench${index}@example.com`,
      password: 'Bench-pass-2026!',
    }),
  });
  if (!register.ok)
    throw new Error(`Registering bench${index} failed: ${register.status} ${await register.text()}`);
  const { jwt } = (await register.json()) as { jwt: string };
  const code = (await (
    await fetch(`${baseUrl}/api/whatsapp-agent/link-codes`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${jwt}` },
    })
  ).json()) as { code: string };
  await twilio.sendInbound({ from: phone, body: code.code }, webhook);
  await twilio.waitFor(
    () => twilio.sentTo(phone).some((message) => message.body.startsWith('Linked to')),
    60_000
  );
};

/**
 * Links `count` members through the real flow (sign-up on the website → linking phrase → sent
 * from the phone), `parallel` at a time. `webhook` picks the instance each phrase is sent to.
 */
export const linkMembers = async ({
  baseUrl,
  twilio,
  count,
  parallel = 8,
  webhook,
}: {
  baseUrl: string;
  twilio: TwilioEmulator;
  count: number;
  parallel?: number;
  webhook?: () => { url: string; signedUrl?: string };
}) => {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(parallel, count) }, async () => {
      for (let index = next; index < count; index = next) {
        next += 1;
        await linkMember(baseUrl, twilio, index, webhook?.());
      }
    })
  );
};
