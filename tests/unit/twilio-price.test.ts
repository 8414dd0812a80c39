import { twilioPriceToMicros } from '../../server/src/channels/twilio/usage-records';

describe('twilioPriceToMicros', () => {
  it.each([
    ['0.005', 5_000],
    ['0.0050', 5_000],
    ['0.015', 15_000],
    ['2192.84855', 2_192_848_550],
    ['12', 12_000_000],
    ['0', 0],
    ['-0.5', -500_000],
    [' 0.25 ', 250_000],
  ])('reads Twilio\'s price string "%s" as %i micro-dollars, exactly', (price, micros) => {
    expect(twilioPriceToMicros(price)).toBe(micros);
  });

  it('rounds below the micro-dollar half away from zero', () => {
    expect(twilioPriceToMicros('0.0000004')).toBe(0);
    expect(twilioPriceToMicros('0.0000005')).toBe(1);
    expect(twilioPriceToMicros('1.2345674999')).toBe(1_234_567);
    expect(twilioPriceToMicros('-0.0000005')).toBe(-1);
  });

  it('takes a number too (twilio-node types the price as one), without floating-point drift', () => {
    expect(twilioPriceToMicros(0.015)).toBe(15_000);
    expect(twilioPriceToMicros(0.1 + 0.2)).toBe(300_000);
  });

  it('counts no price as nothing', () => {
    expect(twilioPriceToMicros(null)).toBe(0);
    expect(twilioPriceToMicros(undefined)).toBe(0);
    expect(twilioPriceToMicros('')).toBe(0);
  });

  it('refuses what is not a decimal number, saying what Twilio sent', () => {
    expect(() => twilioPriceToMicros('$0.005')).toThrow(
      'Twilio reported a price that is not a number: "$0.005"'
    );
    expect(() => twilioPriceToMicros('1e-3')).toThrow(/not a number/);
    expect(() => twilioPriceToMicros(Number.NaN)).toThrow(/not a number/);
  });
});
