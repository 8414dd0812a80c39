import en from '../../admin/src/translations/en.json';
import { describeFieldErrors, fieldLabel } from '../../admin/src/utils/field-label';

const lookup = (key: string) => (en as Record<string, string>)[key];

describe("a settings field's name in a failed save's notification", () => {
  it('is the label its form row shows, not the server’s path', () => {
    expect(fieldLabel('twilio.smsNumber', lookup)).toBe('SMS number');
    expect(fieldLabel('tools.1.name', lookup)).toBe('Tool name (2)');
    expect(fieldLabel('templates.eventReminder.contentSid', lookup)).toBe('Content SID');
    // Without a label of its own: its key in words.
    expect(fieldLabel('privacy.somethingNew', lookup)).toBe('something new');
  });

  it('names every field at fault in one line', () => {
    const label = (path: string) => fieldLabel(path, lookup);
    expect(
      describeFieldErrors(
        { 'twilio.smsNumber': 'must be E.164 (+14155550123)', 'tools.0.name': 'Required' },
        label
      )
    ).toBe('SMS number: must be E.164 (+14155550123); Tool name (1): Required');
  });
});
