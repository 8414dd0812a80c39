import { WINDOW_MS, windowState } from '../../server/src/outbox/window';

const now = new Date('2026-11-27T12:00:00Z');
const ago = (ms: number) => new Date(now.getTime() - ms);

describe("WhatsApp's 24-hour window", () => {
  it('is open within 24 hours of the member’s last message, closed from then on', () => {
    const facts = { kind: 'whatsapp' as const, windowClosedAt: null };
    expect(windowState({ ...facts, lastInboundAt: ago(WINDOW_MS - 1) }, now)).toEqual({ open: true });
    expect(windowState({ ...facts, lastInboundAt: ago(WINDOW_MS) }, now)).toEqual({
      open: false,
      reason:
        "Outside WhatsApp's 24-hour window: the member last wrote at 2026-11-26T12:00:00.000Z; only an approved template can reach them until they write again",
    });
  });

  it('stays closed after Twilio refused a message (63016) until the member writes again', () => {
    const refused = { kind: 'whatsapp' as const, lastInboundAt: ago(60_000), windowClosedAt: ago(1_000) };
    expect(windowState(refused, now)).toMatchObject({
      open: false,
      reason: expect.stringMatching(/^WhatsApp refused a message as outside the 24-hour window/),
    });
    expect(windowState({ ...refused, lastInboundAt: ago(500) }, now)).toEqual({ open: true });
  });

  it('is closed for a member who never wrote, and does not exist on SMS', () => {
    expect(windowState({ kind: 'whatsapp', lastInboundAt: null, windowClosedAt: null }, now).open).toBe(
      false
    );
    expect(windowState({ kind: 'sms', lastInboundAt: null, windowClosedAt: ago(1) }, now)).toEqual({
      open: true,
    });
  });
});
