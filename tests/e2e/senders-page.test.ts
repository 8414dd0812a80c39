import Database from 'better-sqlite3';
import type { Browser, Locator, Page } from 'playwright-core';
import { ACCOUNT_SID } from '../support/pipeline';
import { launchChromium, screenshot } from './support/browser';
import { logInToAdmin, stepsWithScreenshots } from './support/admin';
import { startStack, type Stack } from './support/stack';
import { communitiesIn } from './support/usage-ledger';

/**
 * Settings → Senders (README: Senders), as an admin uses it: add a community's WhatsApp number
 * on its own Twilio sub-account, its community picked from the list, find it after a reload, test
 * its connection, change it (another community), see a community that is gone said so, and
 * delete it. One story, in order, on the emulated Twilio.
 */

const NUMBER = '+14155550101';
let stack: Stack;
let browser: Browser;
let page: Page;
let subAccount: { sid: string; authToken: string };
let community: { key: string; name: string };
let other: { key: string; name: string };
let communities: Array<{ key: string; name: string }>;

beforeAll(async () => {
  browser = await launchChromium();
  stack = await startStack();
  subAccount = stack.twilio.addSubAccount({ friendlyName: 'Climate Builders' });
  communities = communitiesIn(stack.databaseFile);
  [community, other] = communities;
  // The width of a laptop's browser: the table must fit its card there.
  page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  page.setDefaultTimeout(20_000);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

const step = stepsWithScreenshots('senders', () => page);
const field = (name: string) => page.getByTestId(`sender-field-${name}`);
const rows = () => page.getByTestId('senders-table').locator('tbody tr');
const row = (text: string) => rows().filter({ hasText: text });
const communitySelect = () => page.getByTestId('sender-form').getByRole('combobox', { name: 'Community' });
/** Picks an entry of the community select by what it shows: a community's name and key, or "No community". */
const pickCommunity = async (option: string) => {
  await communitySelect().click();
  await page.getByRole('option', { name: option, exact: true }).click();
};

/** The few DOM members the check below uses (this file is compiled without the DOM's types). */
type Shown = {
  contains(other: unknown): boolean;
  getBoundingClientRect(): { right: number; top: number; height: number };
};
type Window = { innerWidth: number; document: { elementFromPoint(x: number, y: number): unknown } };

/** True when the element's right end is what the admin sees there (not cut off by its card, nor off screen). */
const seenWhole = (locator: Locator) =>
  locator.evaluate((element: Shown) => {
    const { innerWidth, document } = globalThis as unknown as Window;
    const box = element.getBoundingClientRect();
    const atRight = document.elementFromPoint(box.right - 2, box.top + box.height / 2);
    return box.right <= innerWidth && atRight !== null && element.contains(atRight);
  });

const save = async () => {
  const [response] = await Promise.all([
    page.waitForResponse(
      (candidate) =>
        /\/whatsapp-agent\/senders(\/\d+)?$/.test(candidate.url()) && candidate.request().method() !== 'GET'
    ),
    page.getByTestId('sender-save').click(),
  ]);
  return response;
};

step('the admin opens Settings → Senders from the settings menu', async () => {
  await logInToAdmin(page, stack.baseUrl);
  await page.getByRole('link', { name: 'Settings', exact: true }).click();
  await page
    .getByRole('link', { name: 'Senders', exact: true })
    .and(page.locator('[href$="/settings/whatsapp-agent/senders"]'))
    .click();
  await page.waitForURL(/\/admin\/settings\/whatsapp-agent\/senders$/);
  await page.getByRole('heading', { name: 'Senders' }).waitFor();
  expect(await page.getByTestId('sender-default').textContent()).toBe(
    'No default sender: Twilio is not set up under Connection.'
  );
  expect(await rows().count()).toBe(0);
});

step(
  "the admin adds a community's WhatsApp number on its sub-account; it is listed after a reload",
  async () => {
    await page.getByTestId('sender-add').click();
    await field('displayName').fill('Climate number');
    await field('address').fill(NUMBER);
    await field('accountSid').fill(subAccount.sid);
    await field('authToken').fill(subAccount.authToken);
    // The select offers no community (what a new sender starts with) and every community by name, its key beside.
    expect(await communitySelect().textContent()).toBe('No community (all members)');
    await communitySelect().click();
    const options = await page.getByRole('option').allInnerTexts();
    expect(options[0]).toBe('No community (all members)');
    expect(options).toEqual(expect.arrayContaining(communities.map(({ key, name }) => `${name} ${key}`)));
    await page.keyboard.press('Escape');
    await pickCommunity(`${community.name} ${community.key}`);
    expect(await communitySelect().textContent()).toBe(community.name);
    await field('messagesPerSecond').fill('5');
    expect((await save()).status()).toBe(201);
    await page.getByText('Sender saved').first().waitFor();
    expect(await page.getByTestId('sender-form').count()).toBe(0);

    await page.reload();
    await row('Climate number').waitFor();
    expect(await rows().count()).toBe(1);
    const cells = await row('Climate number').locator('td').allInnerTexts();
    expect(cells.slice(0, 3)).toEqual(['Climate number', `WhatsApp ${NUMBER}`, subAccount.sid]);
    // The community by its name, its key below: what the form takes.
    expect(cells[3].split('\n')).toEqual([community.name, community.key]);
    expect(JSON.stringify(cells)).not.toContain(subAccount.authToken);
    // The actions fit the card at this width.
    expect(await seenWhole(row('Climate number').getByRole('button', { name: 'Delete' }))).toBe(true);
    await screenshot(page, 'senders-listed');
  }
);

step('Test connection names the sub-account, its parent account and its status', async () => {
  const check = row('Climate number').getByRole('button', { name: 'Test connection' });
  await check.click();
  const result = row('Climate number').getByRole('status');
  await result.waitFor();
  expect(await result.getAttribute('data-ok')).toBe('true');
  expect(await result.textContent()).toBe(
    `Connected to Twilio account "Climate Builders" (active), a sub-account of ${ACCOUNT_SID}.`
  );
  // The verdict wraps within the card, and the other actions stay in reach.
  expect(await seenWhole(result)).toBe(true);
  expect(await seenWhole(row('Climate number').getByRole('button', { name: 'Delete' }))).toBe(true);
  await screenshot(page, 'senders-checked');
});

step(
  'the admin edits the sender: the new name and community are kept, and the saved token with it',
  async () => {
    await row('Climate number').getByRole('button', { name: 'Edit' }).click();
    expect(await field('address').inputValue()).toBe(NUMBER);
    expect(await communitySelect().textContent()).toBe(community.name);
    // Write-only: the saved token is never shown again.
    expect(await field('authToken').inputValue()).toBe('');
    await field('displayName').fill('Climate number, Berlin');
    await pickCommunity(`${other.name} ${other.key}`);
    expect((await save()).status()).toBe(200);
    await page.getByTestId('sender-form').waitFor({ state: 'detached' });

    await page.reload();
    await row('Climate number, Berlin').waitFor();
    expect(await rows().count()).toBe(1);
    const cells = await row('Climate number, Berlin').locator('td').allInnerTexts();
    expect(cells[3].split('\n')).toEqual([other.name, other.key]);
    // Still connects: the token left empty in the form was kept.
    await row('Climate number, Berlin').getByRole('button', { name: 'Test connection' }).click();
    const result = row('Climate number, Berlin').getByRole('status');
    await result.waitFor();
    expect(await result.getAttribute('data-ok')).toBe('true');
  }
);

step('a sender whose community is gone says so; the admin sets it to no community', async () => {
  // As if its community had been deleted since: the stored key is one no community has.
  const db = new Database(stack.databaseFile);
  try {
    db.prepare('UPDATE whatsapp_agent_senders SET community = ?').run('gone-community');
  } finally {
    db.close();
  }
  await page.reload();
  await row('Climate number, Berlin').waitFor();
  const cells = await row('Climate number, Berlin').locator('td').allInnerTexts();
  expect(cells[3].split('\n')).toEqual(['gone-community', 'No community has this key any more']);

  await row('Climate number, Berlin').getByRole('button', { name: 'Edit' }).click();
  expect(await communitySelect().textContent()).toBe('Unknown community (gone-community)');
  await page
    .getByTestId('sender-form')
    .getByText('No community has this key any more: pick one, or no community.')
    .waitFor();
  await screenshot(page, 'senders-community-gone');
  await pickCommunity('No community (all members)');
  expect((await save()).status()).toBe(200);
  await page.getByTestId('sender-form').waitFor({ state: 'detached' });
  await page.reload();
  await row('Climate number, Berlin').waitFor();
  expect((await row('Climate number, Berlin').locator('td').allInnerTexts())[3]).toBe('—');
});

step('the admin deletes the sender, confirms, and it is gone, also after a reload', async () => {
  page.once('dialog', (dialog) => {
    expect(dialog.message()).toBe('Delete the sender Climate number, Berlin?');
    void dialog.accept();
  });
  await row('Climate number, Berlin').getByRole('button', { name: 'Delete' }).click();
  await row('Climate number, Berlin').waitFor({ state: 'detached' });
  await page.reload();
  await page.getByTestId('senders-table').waitFor();
  expect(await rows().count()).toBe(0);
  await screenshot(page, 'senders-deleted');
});
