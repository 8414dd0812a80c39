import { currentTemplate, publishTemplate, utcDay } from '../support/template-database';

describe('which template a test file copies (tests/support/template-database.ts)', () => {
  const saved = process.env.WA_TEST_DB_TEMPLATE;
  afterEach(() => {
    if (saved === undefined) delete process.env.WA_TEST_DB_TEMPLATE;
    else process.env.WA_TEST_DB_TEMPLATE = saved;
  });

  it("copies the run's template for its database client", () => {
    publishTemplate({ client: 'sqlite', source: '/tmp/t.db', day: utcDay() });
    expect(currentTemplate('sqlite')?.source).toBe('/tmp/t.db');
    expect(currentTemplate('postgres')).toBeUndefined();
  });

  it('starts from an empty database after midnight: the seed places events around its own day', () => {
    const yesterday = utcDay(new Date(Date.now() - 24 * 3600 * 1000));
    publishTemplate({ client: 'postgres', source: 'wa_template_x', day: yesterday });
    expect(currentTemplate('postgres')).toBeUndefined();
  });

  it('starts from an empty database without a global setup (a benchmark)', () => {
    delete process.env.WA_TEST_DB_TEMPLATE;
    expect(currentTemplate('sqlite')).toBeUndefined();
  });
});
