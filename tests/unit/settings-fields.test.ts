import { settingsViewSchema } from '../../admin/src/api/schemas';
import { plainFormFromView, plainUpdate } from '../../admin/src/pages/settings/plain-fields';
import { fieldKind } from '../../server/src/settings/field-kind';
import { SETTINGS_FIELDS } from '../../server/src/settings/fields';

/**
 * The admin panel reads the settings table instead of repeating it: the kind of each input,
 * the view's zod schema and the form's fields all follow from one entry.
 */
describe('the settings table, as the admin panel derives from it', () => {
  it('reads each field’s kind from its rule', () => {
    expect(fieldKind(SETTINGS_FIELDS.twilio.authToken)).toEqual({ kind: 'secret' });
    expect(fieldKind(SETTINGS_FIELDS.twilio.accountSid)).toEqual({ kind: 'text' });
    // A rule that transforms (a base URL loses its trailing slash) is still a text.
    expect(fieldKind(SETTINGS_FIELDS.ai.baseUrl)).toEqual({ kind: 'text' });
    expect(fieldKind(SETTINGS_FIELDS.ai.maxToolRounds)).toEqual({ kind: 'number' });
    expect(fieldKind(SETTINGS_FIELDS.media.vision)).toEqual({
      kind: 'select',
      options: ['auto', 'on', 'off'],
    });
    expect(fieldKind(SETTINGS_FIELDS.handoff.emailManagers)).toEqual({ kind: 'boolean' });
    expect(fieldKind(SETTINGS_FIELDS.handoff.requestWords)).toEqual({ kind: 'list' });
  });

  it('checks every field of every section in the view, the providers’ included', () => {
    const shape = settingsViewSchema.shape as Record<string, { shape?: Record<string, unknown> }>;
    for (const [section, fields] of Object.entries(SETTINGS_FIELDS)) {
      expect(Object.keys(shape[section].shape ?? {}).sort()).toEqual(Object.keys(fields).sort());
    }
    const twilio = shape.twilio as unknown as { safeParse(value: unknown): { success: boolean } };
    const field = { value: null, source: 'default' };
    const secret = { set: false, hint: null, source: 'default' };
    const valid = {
      accountSid: field,
      authToken: secret,
      whatsappNumber: field,
      smsNumber: field,
      rcsMessagingServiceSid: field,
      rcsSenderId: field,
      region: field,
      edge: field,
    };
    expect(twilio.safeParse(valid).success).toBe(true);
    // A secret's value never comes back, and a text is not a number.
    expect(twilio.safeParse({ ...valid, authToken: field }).success).toBe(false);
    expect(twilio.safeParse({ ...valid, accountSid: { value: 7, source: 'admin' } }).success).toBe(false);
  });

  it('sends only what changed, never what the environment sets, and a secret only when typed', () => {
    const view = {
      accountSid: { value: 'AC1', source: 'admin' as const },
      authToken: { set: true, hint: '1234', source: 'admin' as const },
      whatsappNumber: { value: '+14155238886', source: 'environment' as const },
      smsNumber: { value: null, source: 'default' as const },
      rcsMessagingServiceSid: { value: null, source: 'default' as const },
      rcsSenderId: { value: null, source: 'default' as const },
      region: { value: null, source: 'default' as const },
      edge: { value: null, source: 'default' as const },
    };
    const form = plainFormFromView('twilio', view);
    expect(form).toEqual({
      accountSid: 'AC1',
      authToken: '',
      whatsappNumber: '+14155238886',
      smsNumber: '',
      rcsMessagingServiceSid: '',
      rcsSenderId: '',
      region: '',
      edge: '',
    });
    expect(plainUpdate('twilio', form, view)).toBeUndefined();
    expect(
      plainUpdate(
        'twilio',
        { ...form, accountSid: ' ', smsNumber: '+4915112345678 ', whatsappNumber: '+1' },
        view
      )
    ).toEqual({ accountSid: '', smsNumber: '+4915112345678' });
    expect(plainUpdate('twilio', { ...form, authToken: 'new-token' }, view)).toEqual({
      authToken: 'new-token',
    });
  });
});
