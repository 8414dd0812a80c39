/**
 * The WhatsApp templates every emulated account has, as a platform would have created them in
 * the Twilio console (Content Template Builder) and had them approved: one per purpose, the
 * reminder's German translation (WhatsApp approves one language per template), and one
 * WhatsApp rejected. Fixed SIDs, so tests, the demo and the panel's Check can name them.
 */
export const EMULATOR_TEMPLATES = {
  eventReminder: 'HX0e7e0e7e0e7e0e7e0e7e0e7e0e7e0e01',
  eventReminderDe: 'HX0e7e0e7e0e7e0e7e0e7e0e7e0e7ede05',
  weeklyDigest: 'HX0d1d0d1d0d1d0d1d0d1d0d1d0d1d0d02',
  reengagement: 'HX0a9a0a9a0a9a0a9a0a9a0a9a0a9a0a03',
  rejected: 'HX0bad0bad0bad0bad0bad0bad0bad0b04',
} as const;

export type EmulatorApproval = { status: string; category: string; rejectionReason: string };

type Seed = {
  sid: string;
  friendlyName: string;
  language?: string;
  body: string;
  variables: Record<string, string>;
  approval: EmulatorApproval;
};

const SEEDS: Seed[] = [
  {
    sid: EMULATOR_TEMPLATES.eventReminder,
    friendlyName: 'event_reminder',
    body: 'Hi {{1}}, a reminder: *{{2}}* starts {{3}}. See you there! Reply REMINDERS OFF to stop event reminders.',
    variables: { 1: 'Ada', 2: 'Climate meetup', 3: 'tomorrow at 18:00' },
    approval: { status: 'approved', category: 'UTILITY', rejectionReason: '' },
  },
  {
    sid: EMULATOR_TEMPLATES.eventReminderDe,
    friendlyName: 'event_reminder_de',
    language: 'de',
    body: 'Hallo {{1}}, zur Erinnerung: *{{2}}* beginnt {{3}}. Bis dann! Antworte REMINDERS OFF, um keine Erinnerungen mehr zu bekommen.',
    variables: { 1: 'Ada', 2: 'Klima-Treffen', 3: 'morgen um 18:00' },
    approval: { status: 'approved', category: 'UTILITY', rejectionReason: '' },
  },
  {
    sid: EMULATOR_TEMPLATES.weeklyDigest,
    friendlyName: 'weekly_digest',
    body: 'Hi {{1}}, this week in {{2}}: {{3}}. Ask me to book one! Reply DIGEST OFF to stop the weekly digest.',
    variables: { 1: 'Ada', 2: 'Climate Builders', 3: 'Climate meetup (Tue 3 Dec)' },
    approval: { status: 'approved', category: 'MARKETING', rejectionReason: '' },
  },
  {
    sid: EMULATOR_TEMPLATES.reengagement,
    friendlyName: 'answer_waiting',
    body: 'Hi {{1}}, your answer from {{2}} is ready. Reply to this message to read it.',
    variables: { 1: 'Ada', 2: 'Climate Builders' },
    approval: { status: 'approved', category: 'UTILITY', rejectionReason: '' },
  },
  {
    sid: EMULATOR_TEMPLATES.rejected,
    friendlyName: 'big_sale',
    body: 'Hi {{1}}, huge savings on tickets this week only!',
    variables: { 1: 'Ada' },
    approval: {
      status: 'rejected',
      category: 'MARKETING',
      rejectionReason: 'Promotional content submitted as a utility template',
    },
  },
];

/** The seeds as Content API resources (keyed by SID) and their approvals. */
export const seedTemplates = (accountSid: string) => ({
  contents: new Map(
    SEEDS.map(({ sid, friendlyName, language = 'en', body, variables }) => [
      sid,
      {
        sid,
        account_sid: accountSid,
        friendly_name: friendlyName,
        language,
        variables,
        types: { 'twilio/text': { body } },
        date_created: '2026-01-01T00:00:00Z',
        date_updated: '2026-01-01T00:00:00Z',
      } as Record<string, unknown>,
    ])
  ),
  approvals: new Map(SEEDS.map(({ sid, approval }) => [sid, approval])),
});
