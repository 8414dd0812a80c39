import { renderConfirmation } from '../../server/src/agent/actions/confirm-template';

describe('renderConfirmation', () => {
  const template = 'RSVP *{status}* to *{title}* on {startsAt:date}?';
  const values = { status: 'not_going', title: 'Social #45', startsAt: '2026-12-03T17:30:00.000Z' };

  it("writes dates on the community's clock", () => {
    expect(renderConfirmation(template, values, 'Europe/Berlin')).toBe(
      'RSVP *not going* to *Social #45* on Thursday, 3 December 2026, 18:30?'
    );
    expect(renderConfirmation(template, values)).toBe(
      'RSVP *not going* to *Social #45* on Thursday, 3 December 2026, 17:30 UTC?'
    );
  });

  it('leaves a name it has no value for visible', () => {
    expect(renderConfirmation('Book {title} at {place}?', { title: 'Social' })).toBe(
      'Book Social at {place}?'
    );
  });
});
