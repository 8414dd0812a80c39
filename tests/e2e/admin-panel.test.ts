import type { Browser, Page } from 'playwright-core';
import { EMULATOR_TEMPLATES } from '../../simulator/emulator-templates';
import { eventually } from '../support/eventually';
import { ACCOUNT_SID, AUTH_TOKEN, SERVICE_NUMBER } from '../support/pipeline';
import { launchChromium, screenshot } from './support/browser';
import { logInToAdmin, openSettingsPage, stepsWithScreenshots } from './support/admin';
import { DEMO_MEMBER, requestLinkCode } from './support/member';
import { ENV_MODEL, startStack, type Stack } from './support/stack';

/**
 * An admin configures the plugin in the panel, a member links a phone through the real flow,
 * and the admin sees, reads and revokes that link. One story, in order: each step starts where
 * the previous one left the browser.
 */

const QUESTION = 'Who works on climate tech?';
const LATE_REPLY = 'The climate meetup is on Thursday at 18:30.';
const HOURS = 60 * 60 * 1000;

let stack: Stack;
let browser: Browser;
let page: Page;
let inboundUrl: string;

const input = (name: string) => page.getByTestId(`setting-${name}`);
/** The messages shown under the fields of one settings section. */
const fieldError = (section: string) =>
  page.getByTestId(`section-${section}`).locator('[data-strapi-field-error]');

/** Waits until `read` returns what `accept` wants (pages load and re-render asynchronously). */
const until = <T>(read: () => Promise<T>, accept: (value: T) => boolean, timeoutMs = 15_000) =>
  eventually(
    async () => {
      const value = await read();
      if (!accept(value)) throw new Error(`Still ${JSON.stringify(value)}`);
      return value;
    },
    timeoutMs,
    100
  );

beforeAll(async () => {
  // The browser first: without Chromium there is no point booting Strapi.
  browser = await launchChromium();
  stack = await startStack();
  page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
  page.setDefaultTimeout(20_000);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

/** Clicks Save and hands back the PUT /settings answer. */
const saveSettings = async () => {
  const [response] = await Promise.all([
    page.waitForResponse(
      (candidate) =>
        candidate.url().endsWith('/whatsapp-agent/settings') && candidate.request().method() === 'PUT'
    ),
    page.getByTestId('settings-save').click(),
  ]);
  return response;
};

const step = stepsWithScreenshots('panel', () => page);

step('the admin logs in', async () => {
  await logInToAdmin(page, stack.baseUrl);
  await page.getByRole('link', { name: 'WhatsApp agent', exact: true }).waitFor();
});

step('an old bookmark of Settings → WhatsApp agent opens its Connection page', async () => {
  await page.goto(`${stack.baseUrl}/admin/settings/whatsapp-agent`);
  await page.waitForURL(/\/admin\/settings\/whatsapp-agent\/connection$/);
  await page.getByTestId('settings-page-connection').waitFor();
});

step(
  'Settings → WhatsApp agent → Connection shows where each value comes from, and field errors next to the field',
  async () => {
    await openSettingsPage(page, 'connection', 'Connection');
    // One page per group of settings, in Strapi's settings menu.
    for (const name of [
      'AI and media',
      'Tools and actions',
      'Templates and messages',
      'Prices and privacy',
      'Handoff',
    ])
      await page.getByRole('link', { name, exact: true }).waitFor();
    expect(await page.getByTestId('section-ai').count()).toBe(0);

    expect(await input('twilio.accountSid').inputValue()).toBe('');
    expect(await page.getByTestId('section-twilio').textContent()).toContain('Not set');
    inboundUrl = await input('webhook.inboundUrl').inputValue();
    expect(inboundUrl).toMatch(
      new RegExp(`^${stack.baseUrl}/api/whatsapp-agent/webhooks/twilio/[\\w-]{24,}$`)
    );

    await input('twilio.accountSid').fill('AC123');
    await page.getByTestId('settings-save').click();
    await fieldError('twilio').getByText('must be "AC" followed by 32 hex characters').waitFor();
  }
);

step(
  'the admin saves the Twilio and AI settings, each on its page, and checks both connections',
  async () => {
    await input('twilio.accountSid').fill(ACCOUNT_SID);
    await input('twilio.authToken').fill(AUTH_TOKEN);
    await input('twilio.whatsappNumber').fill(SERVICE_NUMBER);
    expect((await saveSettings()).status()).toBe(200);
    await page.getByText('Settings saved').waitFor();
    expect(await fieldError('twilio').count()).toBe(0);

    await page.reload();
    await until(
      () => input('twilio.accountSid').inputValue(),
      (value) => value === ACCOUNT_SID
    );
    expect(await input('twilio.whatsappNumber').inputValue()).toBe(SERVICE_NUMBER);
    await page.getByText(`Set · ends in ${AUTH_TOKEN.slice(-4)}`).waitFor();
    expect(await input('twilio.authToken').inputValue()).toBe('');

    await page.getByTestId('twilio-check').click();
    const twilioResult = page.getByTestId('twilio-check-result');
    await twilioResult.waitFor();
    expect(await twilioResult.getAttribute('data-ok')).toBe('true');
    expect(await twilioResult.textContent()).toContain('Connected to Twilio account "Emulated account"');
    expect(await page.getByTestId('twilio-account-details').textContent()).toBe(
      `${ACCOUNT_SID} · active · Full account`
    );
    expect(await page.getByTestId('twilio-account-parent').textContent()).toBe(
      'Main account (not a sub-account)'
    );

    await openSettingsPage(page, 'ai', 'AI and media');
    expect(await input('ai.model').inputValue()).toBe(ENV_MODEL);
    expect(await input('ai.model').isDisabled()).toBe(true);
    await page.getByTestId('section-ai').getByText('Set by environment').waitFor();
    await input('ai.baseUrl').fill(stack.llm.url);
    await input('ai.apiKey').fill('e2e-model-key-0001');
    expect((await saveSettings()).status()).toBe(200);
    await page.reload();
    await until(
      () => input('ai.baseUrl').inputValue(),
      (value) => value === stack.llm.url.replace(/\/+$/, '')
    );
    await page.getByTestId('section-ai').getByText('Set · ends in 0001').waitFor();

    await page.getByTestId('ai-test').click();
    const aiResult = page.getByTestId('ai-test-result');
    await aiResult.waitFor();
    expect(await aiResult.getAttribute('data-ok')).toBe('true');
    expect(await aiResult.textContent()).toContain(`${ENV_MODEL} answered`);
  }
);

step('the key is not taken along to another base URL, and works again back on its own', async () => {
  // A key is bound to the exact base URL it was entered for (origin and path, no trailing slash).
  const llmUrl = new URL(stack.llm.url);
  const keyBaseUrl = `${llmUrl.origin}${llmUrl.pathname.replace(/\/+$/, '')}`;
  await input('ai.baseUrl').fill('http://127.0.0.2:9/v1');
  await page.getByTestId('settings-save').click();
  const withheld = page.getByTestId('ai-apiKey-withheld');
  await withheld.getByText(`This key was set for ${keyBaseUrl} and is not sent to this base URL`).waitFor();
  await page.getByTestId('ai-test').click();
  const aiResult = page.getByTestId('ai-test-result');
  await until(
    async () => (await aiResult.textContent()) ?? '',
    (text) => text.includes('enter a key for this base URL')
  );
  expect(await aiResult.getAttribute('data-ok')).toBe('false');

  await input('ai.baseUrl').fill(stack.llm.url);
  await page.getByTestId('settings-save').click();
  await withheld.waitFor({ state: 'detached' });
  await page.getByTestId('ai-test').click();
  await until(
    async () => (await aiResult.textContent()) ?? '',
    (text) => text.includes(`${ENV_MODEL} answered`)
  );
});

step('rotating the webhook token, once confirmed, gives a new inbound URL', async () => {
  await openSettingsPage(page, 'connection', 'Connection');
  await page.getByTestId('webhook-rotate').click();
  const dialog = page.getByRole('alertdialog');
  await dialog.getByText('The old URL stops working immediately; paste the new one into Twilio.').waitFor();
  await dialog.getByRole('button', { name: 'Confirm' }).click();

  const rotated = await until(
    () => input('webhook.inboundUrl').inputValue(),
    (value) => value !== inboundUrl
  );
  expect(rotated).toMatch(new RegExp(`^${stack.baseUrl}/api/whatsapp-agent/webhooks/twilio/[\\w-]{24,}$`));
  expect(await input('webhook.statusUrl').inputValue()).toBe(`${rotated}/status`);
  inboundUrl = rotated;
  await screenshot(page, '1-settings');
});

step(
  'Voice notes and pictures: a bad model is refused at its field; the model is kept after a reload and Test transcribes the sample',
  async () => {
    const model = 'gpt-4o-mini-transcribe';
    await openSettingsPage(page, 'ai', 'AI and media');
    expect(await input('media.transcriptionModel').inputValue()).toBe('whisper-1');
    // Without its own base URL, voice notes go with the AI key: no key to enter here.
    expect(await input('media.transcriptionApiKey').isDisabled()).toBe(true);
    await page.getByTestId('media-apiKey-unused').waitFor();

    await input('media.transcriptionModel').fill('w'.repeat(201));
    expect((await saveSettings()).status()).toBe(400);
    await fieldError('media').getByText(/200/).waitFor();

    await input('media.transcriptionModel').fill(model);
    expect((await saveSettings()).status()).toBe(200);
    await page.reload();
    await until(
      () => input('media.transcriptionModel').inputValue(),
      (value) => value === model
    );
    expect(await fieldError('media').count()).toBe(0);

    await page.getByTestId('media-test').click();
    const result = page.getByTestId('media-test-result');
    await result.waitFor();
    expect(await result.getAttribute('data-ok')).toBe('true');
    expect(await result.textContent()).toContain(`${model} transcribed the sample`);
    expect(stack.llm.transcriptions.at(-1)).toMatchObject({ model, fileName: 'voice-note.wav' });
    await page.getByTestId('section-media').scrollIntoViewIfNeeded();
    await screenshot(page, '1a-media');
    // Their per-minute prices are with the other prices.
    await openSettingsPage(page, 'prices', 'Prices and privacy');
    expect(await page.getByTestId('transcription-price').count()).toBeGreaterThan(0);
  }
);

step(
  'Prices and privacy: the retention, a plain field drawn from the settings table, is kept after a reload',
  async () => {
    await openSettingsPage(page, 'prices', 'Prices and privacy');
    expect(await input('privacy.retentionDays').inputValue()).toBe('30');
    await input('privacy.retentionDays').fill('45');
    const response = await saveSettings();
    expect(response.status()).toBe(200);
    expect((await response.json()).data.privacy.retentionDays).toMatchObject({ value: 45, source: 'admin' });
    await page.reload();
    await until(
      () => input('privacy.retentionDays').inputValue(),
      (value) => value === '45'
    );
    await page.getByTestId('settings-privacy').scrollIntoViewIfNeeded();
    await screenshot(page, '1f-prices-privacy');
  }
);

step(
  'Tools: each collection shows its community field; unscoping one and scoping it again is saved',
  async () => {
    const SCOPE = 'community (api::community.community)';
    await openSettingsPage(page, 'tools', 'Tools and actions');
    const communityField = (index: number) =>
      page.getByTestId(`tool-${index}`).getByRole('combobox', { name: 'Community field' });
    // The scope is shown once the page has loaded the collections.
    await until(
      async () => (await communityField(0).textContent()) ?? '',
      (text) => text.includes(SCOPE)
    );
    expect(await communityField(1).textContent()).toContain(SCOPE);
    expect(await page.getByTestId('tool-0').textContent()).toContain('suggest_members');

    await page.getByTestId('tool-1').getByRole('button', { name: 'Not scoped' }).click();
    expect((await saveSettings()).status()).toBe(200);
    await page.reload();
    // The members tool, untouched, keeps its scope (shown once the collections have loaded) and
    // its suggest fields (set in config/plugins.ts, not in the panel).
    await until(
      async () => (await communityField(0).textContent()) ?? '',
      (text) => text.includes(SCOPE)
    );
    expect(await communityField(1).textContent()).toContain('Not scoped');
    expect(await page.getByTestId('tool-0').textContent()).toContain('suggest_members');

    await communityField(1).click();
    await page.getByRole('option', { name: SCOPE }).click();
    expect((await saveSettings()).status()).toBe(200);
    await page.reload();
    await until(
      async () => (await communityField(1).textContent()) ?? '',
      (text) => text.includes(SCOPE)
    );
    await screenshot(page, '1b-tools');
  }
);

step(
  'Templates: the approved event reminder, its variables mapped, is kept after a reload; Check shows WhatsApp’s verdict',
  async () => {
    await openSettingsPage(page, 'messages', 'Templates and messages');
    const card = (purpose: string) => page.getByTestId(`template-${purpose}`);
    const sid = (purpose: string) => page.getByTestId(`setting-templates.${purpose}.contentSid`);
    const source = (placeholder: number) =>
      card('eventReminder').getByRole('combobox', { name: `Source of {{${placeholder}}}` });
    await page.getByTestId('templates-help').getByText('Content Template Builder').waitFor();
    expect(await sid('eventReminder').inputValue()).toBe('');
    expect(await card('eventReminder').getByTestId('template-eventReminder-check').isDisabled()).toBe(true);

    await sid('eventReminder').fill(EMULATOR_TEMPLATES.eventReminder);
    const sources = ['memberName', 'eventTitle', 'startsIn'];
    for (const [index, name] of sources.entries()) {
      await page.getByTestId('template-eventReminder-variables-add').click();
      await source(index + 1).click();
      await page.getByRole('option', { name: new RegExp(`^${name} — `) }).click();
    }
    // The same template approved in German, for members who read German.
    const german = page.getByTestId('template-eventReminder-translation-0');
    await page.getByTestId('template-eventReminder-translations-add').click();
    await german.getByRole('combobox', { name: 'Language' }).click();
    await page.getByRole('option', { name: 'Deutsch' }).click();
    await german
      .getByTestId('template-eventReminder-translation-0-reference')
      .fill(EMULATOR_TEMPLATES.eventReminderDe);
    expect((await saveSettings()).status()).toBe(200);
    await page.reload();
    await until(
      () => sid('eventReminder').inputValue(),
      (value) => value === EMULATOR_TEMPLATES.eventReminder
    );
    expect(await german.getByRole('combobox', { name: 'Language' }).textContent()).toContain('Deutsch');
    expect(await german.getByTestId('template-eventReminder-translation-0-reference').inputValue()).toBe(
      EMULATOR_TEMPLATES.eventReminderDe
    );
    await german.getByTestId('template-eventReminder-translation-0-check').click();
    expect(
      await german.getByTestId('template-eventReminder-translation-0-check-result-details').textContent()
    ).toBe('event_reminder_de · de · Meta category: utility');
    for (const [index, name] of sources.entries()) {
      expect(await source(index + 1).textContent()).toContain(`${name} — `);
    }
    expect(
      await card('eventReminder').getByRole('combobox', { name: 'Meta category' }).textContent()
    ).toContain('Utility');

    await page.getByTestId('template-eventReminder-check').click();
    const approved = page.getByTestId('template-eventReminder-check-result');
    await approved.waitFor();
    expect(await approved.getAttribute('data-ok')).toBe('true');
    expect(await approved.getByTestId('template-eventReminder-check-result-status').textContent()).toBe(
      'approved'
    );
    expect(await approved.getByTestId('template-eventReminder-check-result-body').textContent()).toBe(
      'Hi {{1}}, a reminder: *{{2}}* starts {{3}}. See you there! Reply REMINDERS OFF to stop event reminders.'
    );
    expect(await approved.getByTestId('template-eventReminder-check-result-details').textContent()).toBe(
      'event_reminder · en · Meta category: utility'
    );

    // Checked as typed, before any save: a template WhatsApp rejected, one Twilio does not know.
    await sid('weeklyDigest').fill(EMULATOR_TEMPLATES.rejected);
    await page.getByTestId('template-weeklyDigest-check').click();
    const rejected = page.getByTestId('template-weeklyDigest-check-result');
    await rejected.waitFor();
    expect(await rejected.getAttribute('data-ok')).toBe('false');
    expect(await rejected.getByTestId('template-weeklyDigest-check-result-status').textContent()).toBe(
      'rejected'
    );
    expect(await rejected.getByTestId('template-weeklyDigest-check-result-message').textContent()).toBe(
      '"big_sale" was rejected by WhatsApp: messages outside the 24-hour window are not sent (Promotional content submitted as a utility template).'
    );
    await sid('reengagement').fill(`HX${'9'.repeat(32)}`);
    await page.getByTestId('template-reengagement-check').click();
    const unknown = page.getByTestId('template-reengagement-check-result');
    await unknown.waitFor();
    expect(await unknown.getByTestId('template-reengagement-check-result-message').textContent()).toMatch(
      /not found/i
    );
    expect(await unknown.getByTestId('template-reengagement-check-result-status').count()).toBe(0);
    await screenshot(page, '1c-templates');

    // Neither is saved: each purpose resets to no template, and nothing is left to save.
    await page.getByTestId('template-weeklyDigest-reset').click();
    await page.getByTestId('template-reengagement-reset').click();
    expect(await sid('weeklyDigest').inputValue()).toBe('');
    expect(await page.getByTestId('settings-save').isDisabled()).toBe(true);
  }
);

step(
  'Actions: a new action is kept after a reload; JSON and path errors show next to their field',
  async () => {
    await openSettingsPage(page, 'tools', 'Tools and actions');
    const card = page.getByTestId('action-1');
    expect(await page.getByTestId('action-0-name').inputValue()).toBe('rsvp_event');
    await page.getByTestId('actions-add').click();
    await card.waitFor();

    await page.getByTestId('action-1-name').fill('cancel_rsvp');
    await page.getByTestId('action-1-description').fill("Withdraw the member's RSVP to an event.");
    await card.getByRole('combobox', { name: 'Method' }).click();
    await page.getByRole('option', { name: 'DELETE' }).click();
    await page.getByTestId('action-1-path').fill('events/{documentId}/rsvp');
    await page.getByTestId('action-1-parameters').fill('{"type": "object", "properties": {');
    await card
      .locator('[data-strapi-field-error]')
      .getByText(/^Not valid JSON: /)
      .waitFor();
    const parameters = {
      type: 'object',
      properties: { documentId: { type: 'string', description: 'The event, by its documentId' } },
      required: ['documentId'],
    };
    await page.getByTestId('action-1-parameters').fill(JSON.stringify(parameters, null, 2));
    await card.getByText(/^Not valid JSON: /).waitFor({ state: 'detached' });
    await page.getByTestId('action-1-confirm').fill('Cancel your RSVP to *{title}* on {startsAt:date}?');
    await card.getByRole('combobox', { name: 'Record from' }).click();
    await page.getByRole('option', { name: 'get_events' }).click();
    await card.getByRole('combobox', { name: 'Record id argument' }).click();
    await page.getByRole('option', { name: 'documentId' }).click();

    expect((await saveSettings()).status()).toBe(400);
    // Under the path field, the one field at fault.
    await card
      .locator('[data-strapi-field-error]')
      .getByText('must be a path under /api/, e.g. /api/events/{documentId}/rsvp')
      .waitFor();
    expect(await card.locator('[data-strapi-field-error]').count()).toBe(1);

    await page.getByTestId('action-1-path').fill('/api/events/{documentId}/rsvp');
    expect((await saveSettings()).status()).toBe(200);
    await page.reload();
    await until(
      () => page.getByTestId('action-1-name').inputValue(),
      (value) => value === 'cancel_rsvp'
    );
    expect(await page.getByTestId('action-1-path').inputValue()).toBe('/api/events/{documentId}/rsvp');
    expect(JSON.parse(await page.getByTestId('action-1-parameters').inputValue())).toEqual(parameters);
    expect(await card.getByRole('combobox', { name: 'Method' }).textContent()).toContain('DELETE');
    expect(await card.getByRole('combobox', { name: 'Record from' }).textContent()).toContain('get_events');
    expect(await card.getByRole('combobox', { name: 'Record id argument' }).textContent()).toContain(
      'documentId'
    );
    // The action from config/plugins.ts stays as it was.
    expect(await page.getByTestId('action-0-path').inputValue()).toBe('/api/events/{documentId}/rsvp');
    await screenshot(page, '1d-actions');
  }
);

step('a fixed reply, found by its name, is reworded for German-speaking members only', async () => {
  await openSettingsPage(page, 'messages', 'Templates and messages');
  await page.getByTestId('section-messages').getByRole('combobox', { name: 'Language' }).click();
  await page.getByRole('option', { name: 'Deutsch' }).click();
  // Grouped by what they are about; the filter keeps the replies whose name or text match.
  await page.getByTestId('messages-group-linking').waitFor();
  await page.getByTestId('messages-filter').fill('conversation reset');
  await page.getByTestId('messages-group-linking').waitFor({ state: 'detached' });
  expect(await page.getByTestId('messages-group-commands').locator('textarea').count()).toBe(1);
  const reset = input('messages.de.reset');
  expect(await reset.inputValue()).toBe(
    'Erledigt: Ich habe unser bisheriges Gespräch vergessen. Was kann ich für dich tun?'
  );
  await reset.fill('Alles vergessen. Worum geht es?');
  const response = await saveSettings();
  expect(response.status()).toBe(200);
  const { messages } = (await response.json()).data;
  expect(messages.de.reset).toMatchObject({ value: 'Alles vergessen. Worum geht es?', source: 'admin' });
  expect(messages.en.reset).toMatchObject({ source: 'default' });
  await screenshot(page, '1e-messages-german');

  await page.reload();
  await page.getByTestId('section-messages').getByRole('combobox', { name: 'Language' }).click();
  await page.getByRole('option', { name: 'Deutsch' }).click();
  expect(await input('messages.de.reset').inputValue()).toBe('Alles vergessen. Worum geht es?');
});

step('the members’ MCP endpoint is switched on in Settings, and answers from then on', async () => {
  const endpoint = `${stack.baseUrl}/api/whatsapp-agent/mcp`;
  const call = () =>
    fetch(endpoint, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'ping' }),
    });
  expect((await call()).status).toBe(404);
  await openSettingsPage(page, 'tools', 'Tools and actions');
  const section = page.getByTestId('settings-mcp');
  await section.getByText(`${endpoint}`).waitFor();
  await section.getByRole('combobox', { name: 'MCP endpoint' }).click();
  await page.getByRole('option', { name: 'On' }).click();
  const response = await saveSettings();
  expect(response.status()).toBe(200);
  expect((await response.json()).data.mcp.enabled).toMatchObject({ value: 'on', source: 'admin' });
  // On, but only for a member's token: no token is a 401 that says how to authenticate.
  const refused = await call();
  expect(refused.status).toBe(401);
  expect(refused.headers.get('www-authenticate')).toMatch(/^Bearer/);
  await page.reload();
  await until(
    async () => (await section.getByRole('combobox', { name: 'MCP endpoint' }).textContent()) ?? '',
    (text) => text.includes('On')
  );
});

step(
  'which tools the MCP endpoint lists is chosen with a check box per tool, and stays so after a reload',
  async () => {
    const section = page.getByTestId('settings-mcp');
    const box = () => section.getByRole('checkbox', { name: 'suggest_members' });
    expect(await box().getAttribute('aria-checked')).toBe('true');
    await box().click();
    const response = await saveSettings();
    expect(response.status()).toBe(200);
    const { tools } = (await response.json()).data.mcp;
    expect(tools.source).toBe('admin');
    expect(tools.value).toContain('search_events');
    expect(tools.value).not.toContain('suggest_members');
    await page.reload();
    await until(
      async () => (await box().getAttribute('aria-checked')) ?? '',
      (checked) => checked === 'false'
    );
    await screenshot(page, '1c-mcp-tools');
    // Every box ticked again: back to "all the agent's tools".
    await box().click();
    expect((await (await saveSettings()).json()).data.mcp.tools).toEqual({ value: null, source: 'default' });
  }
);

step('a member links their phone through the new webhook URL and asks a question', async () => {
  stack.twilio.setWebhookUrl(inboundUrl);
  const code = await requestLinkCode(stack.baseUrl);
  const to = `whatsapp:${DEMO_MEMBER.phone}`;

  expect((await stack.twilio.sendInbound({ from: to, body: code })).status).toBe(200);
  await stack.twilio.waitFor(
    () => stack.twilio.sentTo(to).some((message) => message.body.startsWith('Linked to')),
    30_000
  );

  const before = stack.twilio.sentTo(to).length;
  expect((await stack.twilio.sendInbound({ from: to, body: QUESTION })).status).toBe(200);
  await stack.twilio.waitFor(() => stack.twilio.sentTo(to).length > before, 30_000);
});

step('a reply that finds the 24-hour window closed at WhatsApp never reaches the member', async () => {
  const to = `whatsapp:${DEMO_MEMBER.phone}`;
  stack.llm.script(() => {
    // The model takes a day and more: by Twilio's clock the member's window has closed.
    stack.twilio.advanceClock(25 * HOURS);
    return { content: LATE_REPLY };
  });
  expect((await stack.twilio.sendInbound({ from: to, body: 'Any events this week?' })).status).toBe(200);
  await stack.twilio.waitFor(
    () => stack.twilio.sentTo(to).some((message) => message.body === LATE_REPLY),
    30_000
  );
  // Accepted, then failed by Twilio's status callback (63016), which the plugin records.
  await until(
    async () => stack.twilio.sentTo(to).find((message) => message.body === LATE_REPLY)?.status,
    (status) => status === 'failed'
  );
});

step('the WhatsApp page lists the linked member', async () => {
  await page.getByRole('link', { name: 'WhatsApp agent', exact: true }).click();
  await page.waitForURL(/\/admin\/plugins\/whatsapp-agent$/);
  const row = page.getByTestId('channel-row').filter({ hasText: 'ada@example.com' });
  await row.waitFor();
  const text = (await row.textContent()) ?? '';
  expect(text).toContain('ada');
  // The number is masked: its last digits only.
  expect(text).toContain('0001');
  expect(text).not.toContain(DEMO_MEMBER.phone);

  await page.getByRole('button', { name: 'Search', exact: true }).click();
  const search = page.getByRole('searchbox', { name: 'Search by member or number' });
  await search.fill('nobody-is-called-this');
  await search.press('Enter');
  await page.getByText('No linked number matches this search.').waitFor();
  await search.fill('ada@');
  await search.press('Enter');
  await row.waitFor();
  await screenshot(page, '2-channels');
  await page.getByRole('button', { name: 'Clear' }).click();
  await page.waitForURL(/\/admin\/plugins\/whatsapp-agent(\?(?!.*_q=).*)?$/);
  await row.waitFor();
});

step('a row opens the conversation, tool calls folded', async () => {
  await page.getByTestId('channel-row').filter({ hasText: 'ada@example.com' }).click();
  await page.waitForURL(/\/admin\/plugins\/whatsapp-agent\/[^/]+$/);
  await page.getByTestId('chat-user').filter({ hasText: QUESTION }).waitFor();

  const toolCall = page.getByTestId('chat-tool-call').first();
  const summary = (await toolCall.getByRole('button').first().textContent()) ?? '';
  expect(summary).toMatch(/^search_members\(\{"query":"climate tech".*\}\) → \d+ results?$/);
  expect(await page.getByTestId('chat-tool-call-raw').count()).toBe(0);
  await toolCall.getByRole('button').first().click();
  await toolCall.locator('[data-state="open"]').first().waitFor();
  const raw = (await page.getByTestId('chat-tool-call-raw').first().textContent()) ?? '';
  expect(JSON.parse(raw)).toMatchObject({ name: 'search_members', arguments: { query: 'climate tech' } });

  await page.getByTestId('chat-assistant').last().waitFor();

  // The late reply is in the agent's memory, and right under it: it never reached the member.
  const notice = page.getByTestId('chat-undelivered');
  await notice.waitFor();
  expect(await notice.count()).toBe(1);
  expect(await notice.getAttribute('data-status')).toBe('failed');
  expect(await notice.getByTestId('chat-undelivered-reason').textContent()).toBe(
    'Not delivered: Failed to send freeform message because you are outside the allowed window. If you are using WhatsApp, please use a Message Template.'
  );
  expect(await notice.textContent()).toContain('error 63016');
  // The whole message right above: its text is not repeated.
  expect(await notice.getByTestId('chat-undelivered-body').count()).toBe(0);
  const chat = page.getByTestId('conversation').locator(':scope > div > *');
  const texts = await chat.allTextContents();
  const noticeAt = texts.findIndex((text) => text.startsWith('Not delivered'));
  expect(texts[noticeAt - 1]).toBe(LATE_REPLY);
  expect(await page.getByTestId('undelivered-section').count()).toBe(0);
  await screenshot(page, '3-conversation');

  await page.getByRole('link', { name: 'Back' }).click();
  await page.waitForURL(/\/admin\/plugins\/whatsapp-agent(\?.*)?$/);
});

step('revoking, once confirmed, removes the member from the list', async () => {
  const row = page.getByTestId('channel-row').filter({ hasText: 'ada@example.com' });
  await row.getByTestId('channel-revoke').click();
  const dialog = page.getByRole('alertdialog');
  await dialog.getByText('the session is revoked and the conversation erased').waitFor();
  await dialog.getByRole('button', { name: 'Confirm' }).click();

  await row.waitFor({ state: 'detached' });
  await page.getByText('No linked numbers yet').waitFor();
  await screenshot(page, '4-channels-revoked');
});
