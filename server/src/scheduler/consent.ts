/**
 * A member's consent to proactive messages, per kind, kept on the channel it was given on: WhatsApp
 * (and Meta's policy) requires an opt-in before a business writes first, and every opt-in or
 * opt-out is kept with when and how it was given. Nothing is sent unless `optedIn` is true.
 */
export const PROACTIVE_KINDS = ['reminders', 'digest'] as const;
export type ProactiveKind = (typeof PROACTIVE_KINDS)[number];

/** How the member said it: a WhatsApp command, the member API, the RSVP confirmation, or STOP. */
export type ConsentSource = 'whatsapp' | 'api' | 'rsvp' | 'stop';

export type ConsentRecord = { optedIn: boolean; at: string; source: ConsentSource };

/** As stored on the channel (JSON): a kind never asked about is absent, which means no. */
export type Consent = Partial<Record<ProactiveKind, ConsentRecord>>;

/** What the member API shows for each kind. */
export type Preferences = Record<
  ProactiveKind,
  { optedIn: boolean; at: string | null; source: ConsentSource | null }
>;

const isRecord = (value: unknown): value is ConsentRecord =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as ConsentRecord).optedIn === 'boolean' &&
  typeof (value as ConsentRecord).at === 'string';

/** The stored JSON, keeping only well-formed records (anything else counts as never asked). */
export const parseConsent = (value: unknown): Consent => {
  if (typeof value !== 'object' || value === null) return {};
  const stored = value as Record<string, unknown>;
  return Object.fromEntries(
    PROACTIVE_KINDS.filter((kind) => isRecord(stored[kind])).map((kind) => [kind, stored[kind]])
  ) as Consent;
};

export const hasOptedIn = (consent: Consent, kind: ProactiveKind) => consent[kind]?.optedIn === true;

/** `consent` with these kinds set, each recorded with the time and source. */
export const withConsent = (
  consent: Consent,
  changes: Partial<Record<ProactiveKind, boolean>>,
  source: ConsentSource,
  at = new Date()
): Consent => ({
  ...consent,
  ...Object.fromEntries(
    Object.entries(changes).map(([kind, optedIn]) => [kind, { optedIn, at: at.toISOString(), source }])
  ),
});

/** STOP: out of everything. */
export const optedOutOfAll = (consent: Consent, at = new Date()): Consent =>
  withConsent(consent, Object.fromEntries(PROACTIVE_KINDS.map((kind) => [kind, false])), 'stop', at);

export const preferencesOf = (consent: Consent): Preferences =>
  Object.fromEntries(
    PROACTIVE_KINDS.map((kind) => [
      kind,
      {
        optedIn: consent[kind]?.optedIn ?? false,
        at: consent[kind]?.at ?? null,
        source: consent[kind]?.source ?? null,
      },
    ])
  ) as Preferences;
