import { DEMO_ADMIN } from '../playground/src/demo-admin';

/**
 * The demo's two extra senders (README: Senders): each seeded community writes to its own
 * WhatsApp number on its own Twilio sub-account of the emulated account. Fixed credentials, so
 * that the senders saved in the demo's database match the emulator's sub-accounts on every run.
 */
export const DEMO_SENDERS = [
  {
    slug: 'climate-builders',
    displayName: 'Climate Builders Berlin',
    number: '+14155550101',
    accountSid: `AC${'c1'.repeat(16)}`,
    authToken: 'demo-climate-sub-account-token',
  },
  {
    slug: 'open-source-makers',
    displayName: 'Open Source Makers',
    number: '+14155550202',
    accountSid: `AC${'05'.repeat(16)}`,
    authToken: 'demo-makers-sub-account-token',
  },
];

const json = async (response: Response) => {
  if (!response.ok) throw new Error(`${response.url} answered ${response.status}: ${await response.text()}`);
  return response.status === 204 ? undefined : ((await response.json()) as Record<string, unknown>);
};

/** Adds the demo's senders through the admin API (as an admin would on Settings → Senders), once. */
export const seedDemoSenders = async (baseUrl: string) => {
  const login = await json(
    await fetch(`${baseUrl}/admin/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email: DEMO_ADMIN.email, password: DEMO_ADMIN.password }),
    })
  );
  const token = (login?.data as { token: string }).token;
  const call = (path: string, init: RequestInit = {}) =>
    fetch(`${baseUrl}${path}`, {
      ...init,
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    }).then(json);

  const existing = ((await call('/whatsapp-agent/senders'))?.data as { senders: Array<{ address: string }> })
    .senders;
  // A community's key is its documentId (identity/communities.ts).
  const communities = (
    (await call('/content-manager/collection-types/api::community.community?pageSize=100'))
      ?.results as Array<{
      slug: string;
      documentId: string;
    }>
  ).map(({ slug, documentId }) => ({ slug, documentId }));
  for (const sender of DEMO_SENDERS) {
    if (existing.some((saved) => saved.address === sender.number)) continue;
    await call('/whatsapp-agent/senders', {
      method: 'POST',
      body: JSON.stringify({
        displayName: sender.displayName,
        kind: 'whatsapp',
        address: sender.number,
        accountSid: sender.accountSid,
        authToken: sender.authToken,
        community: communities.find((community) => community.slug === sender.slug)?.documentId ?? null,
      }),
    });
  }
};
