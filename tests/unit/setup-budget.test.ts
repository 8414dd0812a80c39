import { withBudget } from '../../server/src/setup/budget';

// One hanging check must not hold up the checklist: it turns red on its own line.

it('answers red for a check that never answers, once its budget is spent', async () => {
  const never = () => new Promise<never>(() => undefined);
  expect(await withBudget('model', never, 20)).toEqual({
    id: 'model',
    status: 'fail',
    detail: 'No answer within 0.02 s.',
    fix: expect.stringMatching(/^Run the checklist again/),
  });
});

it('answers red for a check that throws, with its message', async () => {
  const broken = () => Promise.reject(new Error('database is locked'));
  expect(await withBudget('queue', broken, 1_000)).toMatchObject({
    id: 'queue',
    status: 'fail',
    detail: 'The check failed: database is locked',
  });
});

it('passes on what a check answers in time', async () => {
  const green = { id: 'queue', status: 'ok' as const, detail: 'running', fix: '' };
  expect(await withBudget('queue', async () => green, 1_000)).toBe(green);
});
