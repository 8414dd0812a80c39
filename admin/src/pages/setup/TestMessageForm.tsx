import * as React from 'react';
import { Box, Button, Field, Flex, TextInput, Typography } from '@strapi/design-system';
import { useIntl } from 'react-intl';
import { useApiClient } from '../../api/client';
import { errorMessage } from '../../utils/api-errors';
import { getTranslation } from '../../utils/getTranslation';

type Outcome = { ok: boolean; message: string };

/** "Send a test message to my phone": the number the admin types, one WhatsApp message through Twilio. */
export const TestMessageForm = () => {
  const { formatMessage } = useIntl();
  const t = (id: string, defaultMessage: string, values?: Record<string, string>) =>
    formatMessage({ id: getTranslation(id), defaultMessage }, values);
  const api = useApiClient();
  const [to, setTo] = React.useState('');
  const [busy, setBusy] = React.useState(false);
  const [outcome, setOutcome] = React.useState<Outcome>();

  const send = async (event: React.FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setOutcome(undefined);
    try {
      const sent = await api.sendTestMessage(to);
      setOutcome({
        ok: true,
        message: t(
          'setup.test.sent',
          'Sent to {to} ({status}). Nothing on the phone? WhatsApp delivers free-form text only within 24 hours of that phone’s last message to your number (on the sandbox: after the “join” message with its code): send it a message first.',
          { to: sent.to, status: sent.status }
        ),
      });
    } catch (error) {
      setOutcome({
        ok: false,
        message: errorMessage(error, t('setup.test.failed', 'The test message was not sent.')),
      });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Box background="neutral0" hasRadius shadow="tableShadow" padding={4} marginTop={6}>
      <form onSubmit={send} data-testid="setup-test-message">
        <Flex direction="column" alignItems="stretch" gap={3}>
          <Typography variant="delta" tag="h2">
            {t('setup.test.title', 'Send a test message to my phone')}
          </Typography>
          <Flex gap={2} alignItems="flex-end">
            <Field.Root name="to" hint={t('setup.test.hint', 'In international form, like +4915112345678.')}>
              <Field.Label>{t('setup.test.to', 'My WhatsApp number')}</Field.Label>
              <TextInput
                value={to}
                onChange={(event: React.ChangeEvent<HTMLInputElement>) => setTo(event.target.value)}
                data-testid="setup-test-to"
              />
              <Field.Hint />
            </Field.Root>
            <Button type="submit" loading={busy} disabled={to.trim() === ''} data-testid="setup-test-send">
              {t('setup.test.send', 'Send')}
            </Button>
          </Flex>
          {outcome ? (
            <Typography
              textColor={outcome.ok ? 'success600' : 'danger600'}
              role="status"
              data-testid="setup-test-result"
              data-ok={String(outcome.ok)}
            >
              {outcome.message}
            </Typography>
          ) : null}
        </Flex>
      </form>
    </Box>
  );
};
