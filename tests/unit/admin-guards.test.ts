import { may, requireAbility } from '../../server/src/utils/require-ability';
import { monthParam } from '../../server/src/usage/month-param';

type Ctx = Parameters<typeof requireAbility>[0];
const contextWith = (state: object) => ({ state }) as unknown as Ctx;
const ability = (allowed: string[]) => ({ can: (action: string) => allowed.includes(action) });

const refusal = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    const { name, details } = error as { name: string; details?: { errors?: unknown } };
    return { name, errors: details?.errors };
  }
  return undefined;
};

describe("a write handler's own permission check", () => {
  it('lets through only the exact action of the admin behind the request', () => {
    const ctx = contextWith({ userAbility: ability(['plugin::whatsapp-agent.settings.update']) });
    expect(() => requireAbility(ctx, 'plugin::whatsapp-agent.settings.update')).not.toThrow();
    expect(refusal(() => requireAbility(ctx, 'plugin::whatsapp-agent.channels.revoke'))).toMatchObject({
      name: 'ForbiddenError',
    });
    expect(may(ctx, 'plugin::whatsapp-agent.usage.read')).toBe(false);
  });

  it('refuses a request that carries no admin ability at all', () => {
    for (const state of [{}, { userAbility: null }, { userAbility: { can: 'yes' } }])
      expect(
        refusal(() => requireAbility(contextWith(state), 'plugin::whatsapp-agent.settings.update'))
      ).toEqual(expect.objectContaining({ name: 'ForbiddenError' }));
  });
});

describe('the month parameter', () => {
  const now = new Date('2026-03-15T12:00:00Z');

  it('is this month (UTC) when absent, and the month asked for when valid', () => {
    expect(monthParam(undefined, now).month).toBe('2026-03');
    expect(monthParam('2024-02', now)).toMatchObject({ fromDay: '2024-02-01', toDay: '2024-02-29' });
  });

  it('refuses, naming month, what it would otherwise misread', () => {
    for (const value of ['0099-02', '1999-12', ['2026-01', '2026-02'], '2026-13', '2026-2', 'march', 7])
      expect(refusal(() => monthParam(value, now))).toEqual({
        name: 'ValidationError',
        errors: [expect.objectContaining({ path: ['month'] })],
      });
  });
});
