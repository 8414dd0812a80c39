import fs from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { monthLabel, shiftMonth } from '../../admin/src/utils/usage-format';
import { ACCOUNT_SID, AUTH_TOKEN } from '../support/pipeline';
import { launchChromium, screenshot } from './support/browser';
import { logInToAdmin, openSettingsPage, stepsWithScreenshots } from './support/admin';
import { startStack, type Stack } from './support/stack';
import { communitiesIn, times, writeLedger, type LedgerRow } from './support/usage-ledger';

/**
 * An admin reads a month of usage on the dashboard, narrows it to one community and another
 * month, downloads the statements, changes a community's plan, and keeps the prices in
 * Settings. The ledger is seeded for this month (UTC) with figures whose sums are known.
 */

const now = new Date();
const month = now.toISOString().slice(0, 7);
const today = now.toISOString().slice(0, 10);
const firstDay = `${month}-01`;

let stack: Stack;
let browser: Browser;
let page: Page;
let climate: { key: string; name: string };
let makers: { key: string; name: string };

/**
 * Climate Builders Berlin: 45 turns of the default free plan's 50 (90 %: near its limit), 12 in,
 * 15 out (2 of them utility templates), 1 failed, 3 model calls. Open Source Makers: a little.
 * One stranger's message in `default`.
 */
const seedLedger = () => {
  const inClimate = (row: Omit<LedgerRow, 'community'>) => ({ community: climate.key, ...row });
  const inMakers = (row: Omit<LedgerRow, 'community'>) => ({ community: makers.key, ...row });
  const member = { userId: 1, channelId: 1 };
  writeLedger(stack.databaseFile, [
    ...times(7, inClimate({ kind: 'inbound', day: firstDay, twilioMicros: 5_000, ...member })),
    ...times(5, inClimate({ kind: 'inbound', day: today, twilioMicros: 5_000, ...member })),
    ...times(8, inClimate({ kind: 'outbound', day: firstDay, twilioMicros: 5_000, category: 'service' })),
    ...times(5, inClimate({ kind: 'outbound', day: today, twilioMicros: 5_000, category: 'service' })),
    ...times(
      2,
      inClimate({
        kind: 'outbound',
        day: today,
        twilioMicros: 5_000,
        metaMicros: 53_400,
        category: 'utility',
      })
    ),
    inClimate({ kind: 'failed', day: today, twilioMicros: 1_000 }),
    ...times(
      3,
      inClimate({
        kind: 'llm',
        day: today,
        model: 'gpt-4o-mini',
        promptTokens: 1_000,
        completionTokens: 200,
        cachedTokens: 100,
        llmMicros: 1_234,
        ...member,
      })
    ),
    ...times(20, inClimate({ kind: 'turn', day: firstDay, ...member })),
    ...times(25, inClimate({ kind: 'turn', day: today, ...member })),
    ...times(3, inMakers({ kind: 'inbound', day: today, twilioMicros: 5_000, userId: 2, channelId: 2 })),
    ...times(3, inMakers({ kind: 'outbound', day: today, twilioMicros: 5_000, category: 'service' })),
    ...times(2, inMakers({ kind: 'turn', day: today, userId: 2, channelId: 2 })),
    inMakers({
      kind: 'llm',
      day: today,
      model: 'gpt-4o-mini',
      promptTokens: 400,
      completionTokens: 50,
      llmMicros: 500,
      userId: 2,
    }),
    { community: 'default', kind: 'inbound', day: today, twilioMicros: 5_000 },
  ]);
};

const input = (name: string) => page.getByTestId(`setting-${name}`);
const tile = (name: string) => page.getByTestId(`usage-${name}-value`);
const row = (key: string) => page.locator(`[data-testid="usage-row"][data-community="${key}"]`);
const communitySelect = () => page.getByRole('combobox', { name: 'Community' });
const text = async (locator: ReturnType<Page['locator']>) => ((await locator.textContent()) ?? '').trim();

beforeAll(async () => {
  browser = await launchChromium();
  stack = await startStack();
  page = await browser.newPage({ viewport: { width: 1440, height: 1000 }, acceptDownloads: true });
  page.setDefaultTimeout(20_000);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

const step = stepsWithScreenshots('usage', () => page);

step('the ledger holds a month of two communities, and the admin logs in', async () => {
  const communities = communitiesIn(stack.databaseFile);
  climate = communities.find((community) => community.name === 'Climate Builders Berlin')!;
  makers = communities.find((community) => community.name === 'Open Source Makers')!;
  expect(climate && makers).toBeTruthy();
  seedLedger();

  await logInToAdmin(page, stack.baseUrl);
});

step(
  'WhatsApp agent → Usage shows the month: totals, each community against its plan, the daily chart',
  async () => {
    await page.getByRole('link', { name: 'WhatsApp agent', exact: true }).click();
    await page.getByRole('link', { name: 'Linked members' }).waitFor();
    await page.getByRole('link', { name: 'Usage' }).click();
    await page.waitForURL(/\/admin\/plugins\/whatsapp-agent\/usage/);

    expect(await text(page.getByTestId('usage-month'))).toBe(monthLabel(month));
    expect(await page.getByTestId('usage-month-next').isDisabled()).toBe(true);
    await page.getByTestId('usage-table').waitFor();
    expect(await text(tile('turns'))).toBe('47');
    expect(await text(tile('messages'))).toBe('16 / 18 / 1');
    expect(await text(page.getByTestId('usage-active-members'))).toBe('2 active members');
    expect(await text(tile('tokens'))).toBe('4,050');
    // 136,000 + 106,800 + 3,702 + 30,500 + 5,000 micro-dollars.
    expect(await text(tile('cost'))).toBe('$0.282');
    expect(await text(page.getByTestId('usage-cost'))).toContain(
      'Twilio $0.171 · Meta $0.1068 · AI model $0.004202'
    );
    // Free plans bill nothing.
    expect(await text(tile('billable'))).toBe('$0.00');

    const climateRow = row(climate.key);
    const climateText = await text(climateRow);
    expect(climateText).toContain('Free · 50 turns a month');
    expect(climateText).toContain('Default plan');
    expect(climateText).toContain('12 / 15 / 1');
    expect(climateText).toContain('3,600');
    expect(await text(climateRow.getByTestId('usage-row-cost'))).toBe('$0.2465');
    expect(await text(climateRow.getByTestId('limit'))).toBe('45 of 50 turns · 90 %Near limit');
    expect(await climateRow.getByTestId('limit-badge').getAttribute('data-state')).toBe('near');
    expect(await text(row(makers.key).getByTestId('limit'))).toBe('2 of 50 turns · 4 %');
    expect(await row('default').count()).toBe(1);

    // Bars for the days with messages, and the cost line.
    const chart = page.getByTestId('usage-chart');
    await chart.locator('.recharts-bar-rectangle').first().waitFor();
    expect(await chart.locator('.recharts-bar-rectangle path').count()).toBeGreaterThanOrEqual(2);
    expect(await chart.locator('path.recharts-line-curve').count()).toBe(1);

    // No Twilio credentials yet: the figure says why it is missing, and the page stands.
    await page.getByTestId('usage-twilio-error').getByText('Twilio is not configured').waitFor();
    expect(await text(tile('twilio'))).toBe('—');
  }
);

step('one community, and the month before, each on its own', async () => {
  await communitySelect().click();
  await page.getByRole('option', { name: climate.name }).click();
  await page.waitForURL(new RegExp(`community=${climate.key}`));
  // The limit appears with the one community's report: the tiles may show all communities' figures until then.
  await page.getByTestId('usage-turns').getByTestId('limit').waitFor();
  await page.getByTestId('usage-turns-value').getByText('45', { exact: true }).waitFor();
  expect(await text(tile('turns'))).toBe('45');
  expect(await text(page.getByTestId('usage-turns').getByTestId('limit'))).toBe(
    '45 of 50 turns · 90 %Near limit'
  );
  expect(await text(tile('cost'))).toBe('$0.2465');
  expect(await page.getByTestId('usage-row').count()).toBe(1);

  await page.getByTestId('usage-month-previous').click();
  const previous = shiftMonth(month, -1);
  await page.waitForURL(new RegExp(`month=${previous}`));
  await page.getByTestId('usage-month').getByText(monthLabel(previous)).waitFor();
  await page.getByTestId('usage-turns-value').getByText('0', { exact: true }).waitFor();
  expect(await text(tile('cost'))).toBe('$0.00');
  expect(await page.getByTestId('usage-month-next').isDisabled()).toBe(false);

  await page.getByTestId('usage-month-next').click();
  await page.getByTestId('usage-month').getByText(monthLabel(month)).waitFor();
  await communitySelect().click();
  await page.getByRole('option', { name: 'All communities' }).click();
  await page.getByTestId('usage-turns-value').getByText('47', { exact: true }).waitFor();
});

step('the monthly statement and the daily lines download as CSV files', async () => {
  const [statement] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('usage-export-month').click(),
  ]);
  expect(statement.suggestedFilename()).toBe(`whatsapp-agent-usage-${month}.csv`);
  const lines = fs
    .readFileSync((await statement.path())!, 'utf8')
    .trim()
    .split(/\r\n/);
  expect(lines[0]).toBe(
    'month,community,name,plan,member_turns,messages_in,messages_out,messages_failed,prompt_tokens,' +
      'completion_tokens,cached_tokens,twilio_usd,meta_usd,llm_usd,cost_usd,active_members,billable_usd,limit_percent'
  );
  expect(lines).toContain(
    `${month},${climate.key},Climate Builders Berlin,free,45,12,15,1,3000,600,300,0.136000,0.106800,0.003702,0.246502,1,0.000000,90`
  );

  const [daily] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('usage-export-day').click(),
  ]);
  expect(daily.suggestedFilename()).toBe(`whatsapp-agent-usage-${month}-daily.csv`);
  const dailyLines = fs
    .readFileSync((await daily.path())!, 'utf8')
    .trim()
    .split(/\r\n/);
  expect(dailyLines[0]).toMatch(/^date,community,name,member_turns,messages_in,/);
  const climateDays = dailyLines.filter((line) => line.includes(`,${climate.key},`));
  expect(climateDays.map((line) => line.split(',')[0]).sort()).toEqual(
    [...new Set([firstDay, today])].sort()
  );
  // Turns per day add up to the month's.
  expect(climateDays.reduce((sum, line) => sum + Number(line.split(',')[3]), 0)).toBe(45);
});

step('a plan change is refused with the reason under its field, then saved and reflected', async () => {
  const climateRow = row(climate.key);
  await climateRow.getByTestId('usage-row-edit-plan').click();
  const dialog = page.getByTestId('plan-dialog');
  await dialog.getByText(`Plan of ${climate.name}`).waitFor();
  expect(await dialog.getByTestId('plan-turnsPerMonth').inputValue()).toBe('50');

  await dialog.getByTestId('plan-turnsPerMonth').fill('-5');
  await dialog.getByTestId('plan-save').click();
  const fieldError = dialog.locator('[data-strapi-field-error]');
  await fieldError.waitFor();
  expect(await text(fieldError)).toMatch(/>=\s?0/);
  expect(await fieldError.count()).toBe(1);

  await dialog.getByTestId('plan-turnsPerMonth').fill('40');
  await dialog.getByTestId('plan-save').click();
  await dialog.waitFor({ state: 'detached' });
  await climateRow.getByText('Free · 40 turns a month').waitFor();
  expect(await text(climateRow.getByTestId('limit'))).toBe('45 of 40 turns · 112 %Limit reached');
  expect(await climateRow.getByTestId('limit-badge').getAttribute('data-state')).toBe('reached');
  expect(await climateRow.getByText('Default plan').count()).toBe(0);
  await screenshot(page, '5-usage-dashboard');

  // Another kind keeps the turns typed before; only the new fields are asked for.
  await climateRow.getByTestId('usage-row-edit-plan').click();
  await dialog.getByRole('combobox', { name: 'Kind' }).click();
  await page.getByRole('option', { name: 'Flat: a monthly fee with fair-use turns' }).click();
  expect(await dialog.getByTestId('plan-turnsPerMonth').inputValue()).toBe('40');
  await dialog.getByTestId('plan-turnsPerMonth').fill('100');
  await dialog.getByTestId('plan-feeUsd').fill('49');
  await dialog.getByTestId('plan-save').click();
  await dialog.waitFor({ state: 'detached' });
  await climateRow.getByText('Flat · $49.00 a month · 100 turns').waitFor();
  expect(await text(climateRow.getByTestId('usage-row-billable'))).toBe('$49.00');
  expect(await text(climateRow.getByTestId('limit'))).toBe('45 of 100 turns · 45 %');
  expect(await text(tile('billable'))).toBe('$49.00');
});

step(
  'Settings → Prices and privacy shows the prices in force, and keeps what the admin changes',
  async () => {
    await openSettingsPage(page, 'prices', 'Prices and privacy');
    const section = page.getByTestId('section-prices');
    await section.waitFor();
    expect(await input('prices.twilioWhatsappMessageUsd').inputValue()).toBe('0.005');
    expect(await section.textContent()).toContain('Default');
    expect(await input('modelPrices.0.model').inputValue()).toBe('gpt-4o-mini');
    const rows = await section.getByTestId('model-price').count();

    await input('prices.metaUtilityUsd').fill('0.06');
    await section.getByTestId('model-prices-add').click();
    // The same model twice is refused, with the reason in the section.
    await input(`modelPrices.${rows}.model`).fill('gpt-4o-mini');
    await input(`modelPrices.${rows}.promptPerMillionUsd`).fill('0.2');
    await page.getByTestId('settings-save').click();
    await section.getByText('each model once').waitFor();

    await input(`modelPrices.${rows}.model`).fill('llama3.1');
    await page.getByTestId('settings-save').click();
    await page.getByText('Settings saved').waitFor();

    await page.reload();
    await section.waitFor();
    expect(await input('prices.metaUtilityUsd').inputValue()).toBe('0.06');
    expect(await input(`modelPrices.${rows}.model`).inputValue()).toBe('llama3.1');
    expect(await input(`modelPrices.${rows}.promptPerMillionUsd`).inputValue()).toBe('0.2');
    await section.scrollIntoViewIfNeeded();
    await screenshot(page, '6-settings-prices');
  }
);

step(
  "with Twilio connected, Twilio's own figure for the month sits beside the ledger's, with the drift",
  async () => {
    await openSettingsPage(page, 'connection', 'Connection');
    await input('twilio.accountSid').fill(ACCOUNT_SID);
    await input('twilio.authToken').fill(AUTH_TOKEN);
    await page.getByTestId('settings-save').click();
    await page.getByText('Settings saved').waitFor();
    // What Twilio will bill: 5,000 micro-dollars more than the ledger's 171,000.
    stack.twilio.seedUsage([
      { category: 'channels-messaging-inbound', day: today, count: 17, priceMicros: 85_000 },
      { category: 'channels-messaging-outbound', day: today, count: 18, priceMicros: 90_000 },
      { category: 'failed-message-processing-fee', day: today, count: 1, priceMicros: 1_000 },
    ]);

    await page.getByRole('link', { name: 'WhatsApp agent', exact: true }).click();
    await page.getByRole('link', { name: 'Usage' }).click();
    await page.getByTestId('usage-twilio-drift').waitFor();
    expect(await text(tile('twilio'))).toBe('$0.176');
    expect(await text(page.getByTestId('usage-twilio-drift'))).toBe('Ledger $0.171 · drift +$0.005 (+2.9%)');
    expect(await text(page.getByTestId('usage-twilio'))).toContain(ACCOUNT_SID);
    await screenshot(page, '7-usage-twilio-figure');
  }
);
