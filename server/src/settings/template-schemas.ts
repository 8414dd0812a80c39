import { z } from 'zod';
import { LANGUAGES, type Language } from '../languages/supported';

/**
 * What a message the member did not ask for is about. Outside WhatsApp's 24-hour window each
 * needs an approved template; `reengagement` stands in for a reply that finds the window closed.
 */
export const TEMPLATE_PURPOSES = ['eventReminder', 'weeklyDigest', 'reengagement'] as const;
export type TemplatePurpose = (typeof TEMPLATE_PURPOSES)[number];

/** Meta's category of a template, which sets its price per message (prices above). */
export const templateCategorySchema = z.enum(['utility', 'marketing']);
export type TemplateCategory = z.infer<typeof templateCategorySchema>;

/** The category Meta usually gives each purpose: reminders of the member's own RSVP are utility. */
export const DEFAULT_TEMPLATE_CATEGORY: Record<TemplatePurpose, TemplateCategory> = {
  eventReminder: 'utility',
  weeklyDigest: 'marketing',
  reengagement: 'utility',
};

/**
 * What each purpose's template variables (`{{1}}`, `{{2}}`…) can be filled with. Reminders may
 * also name any field the events tool returns as `event.<field>`.
 */
export const TEMPLATE_SOURCES: Record<TemplatePurpose, Record<string, string>> = {
  eventReminder: {
    memberName: "The member's first name",
    communityName: 'The community the event belongs to',
    eventTitle: "The event's title",
    eventStart: "When it starts, in the community's time zone (e.g. Tue 3 Dec, 18:00)",
    startsIn: 'How soon it starts (e.g. tomorrow at 18:00, in 1 hour)',
  },
  weeklyDigest: {
    memberName: "The member's first name",
    communityName: 'The community',
    eventCount: 'How many events the digest lists',
    eventList: 'The events on one line (title and day, separated by ·)',
  },
  reengagement: {
    memberName: "The member's first name",
    communityName: "The member's community",
  },
};

/** Whether `source` can fill a variable of `purpose`'s template. */
export const isTemplateSource = (purpose: TemplatePurpose, source: string) =>
  source in TEMPLATE_SOURCES[purpose] ||
  (purpose === 'eventReminder' && /^event\.[A-Za-z_]\w*$/.test(source));

/**
 * The provider's reference of an approved WhatsApp template: a Content SID for Twilio (console →
 * Content Template Builder), `name:language` for Meta's Cloud API (WhatsApp Manager → Message templates).
 */
export const templateReferenceSchema = z
  .string()
  .regex(
    /^(HX[0-9a-fA-F]{32}|[a-z0-9_]{1,512}(:[a-z]{2,3}(_[A-Z]{2})?)?)$/,
    'must be a Content SID ("HX" followed by 32 hex characters) or, for the Cloud API, a template name and language such as "event_reminder:en"'
  );

export const templateSettingSchema = z
  .object({
    /** The default reference: for members whose language has none of its own below. */
    contentSid: templateReferenceSchema,
    category: templateCategorySchema,
    /** `{{n}}` → the source that fills it, e.g. { "1": "memberName", "2": "eventTitle" }. */
    variables: z.record(
      z.string().regex(/^([1-9]|1\d|20)$/, 'must be a variable number 1–20'),
      z.string().min(1)
    ),
    /**
     * The same template approved in other languages (WhatsApp approves one language per template):
     * language → its reference. Each translation keeps the default's category and `{{n}}` numbering.
     * Absent in settings stored before templates had languages: the one reference serves everyone.
     */
    byLanguage: z
      .partialRecord(z.enum(LANGUAGES), templateReferenceSchema, {
        error: (issue) =>
          issue.code === 'invalid_key' ? `must be one of the languages ${LANGUAGES.join(', ')}` : undefined,
      })
      .optional(),
  })
  .strict();

export type TemplateSetting = z.infer<typeof templateSettingSchema>;

/** A purpose's template with every variable's source checked against the purpose. */
export const templateFor = (purpose: TemplatePurpose) =>
  templateSettingSchema.superRefine((template, context) => {
    for (const [number, source] of Object.entries(template.variables)) {
      if (!isTemplateSource(purpose, source))
        context.addIssue({
          code: 'custom',
          path: ['variables', number],
          message: `cannot be filled from "${source}": use one of ${Object.keys(TEMPLATE_SOURCES[purpose]).join(', ')}${purpose === 'eventReminder' ? ' or event.<field>' : ''}`,
        });
    }
  });

/** The reference to send a member who reads `language`: its own translation, else the default. */
export const templateReference = (template: TemplateSetting, language: Language) =>
  template.byLanguage?.[language] ?? template.contentSid;

/** Every reference a template names (the default first), e.g. to check each one's approval. */
export const templateReferences = (template: TemplateSetting) => [
  template.contentSid,
  ...Object.values(template.byLanguage ?? {}),
];
