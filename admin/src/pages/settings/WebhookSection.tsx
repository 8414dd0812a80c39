import * as React from 'react';
import { Button, Dialog, Field, Flex, IconButton, TextInput, Typography } from '@strapi/design-system';
import { ArrowClockwise, Duplicate } from '@strapi/icons';
import { ConfirmDialog, useClipboard, useNotification } from '@strapi/strapi/admin';
import { useIntl } from 'react-intl';
import type { SettingsView } from '../../../../server/src/admin-api';
import { useApiClient } from '../../api/client';
import { SettingsSection } from '../../components/SettingsSection';
import { errorMessage } from '../../utils/api-errors';
import { getTranslation } from '../../utils/getTranslation';

type Props = {
  webhook: SettingsView['webhook'];
  readOnly: boolean;
  onRotated: (view: SettingsView | undefined) => void;
};

const UrlField = ({ name, label, value }: { name: string; label: string; value: string }) => {
  const { formatMessage } = useIntl();
  const { copy } = useClipboard();
  const { toggleNotification } = useNotification();
  const copyLabel = formatMessage({ id: getTranslation('settings.webhook.copy'), defaultMessage: 'Copy' });

  const onCopy = async () => {
    const copied = await copy(value);
    toggleNotification({
      type: copied ? 'success' : 'warning',
      message: copied
        ? formatMessage({
            id: getTranslation('settings.webhook.copied'),
            defaultMessage: 'Copied to the clipboard',
          })
        : formatMessage({
            id: getTranslation('settings.webhook.copyFailed'),
            defaultMessage: 'Could not copy: select the URL and copy it by hand',
          }),
    });
  };

  return (
    <Field.Root name={name}>
      <Field.Label>{label}</Field.Label>
      <TextInput
        name={name}
        value={value}
        readOnly
        data-testid={`setting-${name}`}
        endAction={
          <IconButton label={copyLabel} variant="ghost" onClick={onCopy} data-testid={`copy-${name}`}>
            <Duplicate />
          </IconButton>
        }
      />
    </Field.Root>
  );
};

/**
 * The URLs to paste into Twilio. The path token in them is the webhook's first line of
 * defence; rotating it is how an admin shuts out whoever learned the old one.
 */
export const WebhookSection = ({ webhook, readOnly, onRotated }: Props) => {
  const { formatMessage } = useIntl();
  const t = (id: string, defaultMessage: string) => formatMessage({ id: getTranslation(id), defaultMessage });
  const api = useApiClient();
  const { toggleNotification } = useNotification();
  const [confirming, setConfirming] = React.useState(false);
  const fromEnvironment = webhook.tokenSource === 'environment';

  const rotate = async () => {
    try {
      onRotated(await api.rotateWebhookToken());
      toggleNotification({
        type: 'success',
        message: t('settings.webhook.rotated', 'New webhook URL ready: paste it into Twilio now.'),
      });
    } catch (error) {
      toggleNotification({
        type: 'danger',
        message: errorMessage(error, t('settings.webhook.rotateFailed', 'The token was not rotated.')),
      });
    }
  };

  return (
    <SettingsSection
      testId="section-webhook"
      title={t('settings.webhook.title', 'Webhook')}
      description={t(
        'settings.webhook.description',
        'Paste these into your Twilio sender: the inbound URL as "A message comes in", the status URL as the status callback.'
      )}
      actions={
        <Dialog.Root open={confirming} onOpenChange={setConfirming}>
          <Dialog.Trigger>
            <Button
              variant="danger-light"
              size="S"
              startIcon={<ArrowClockwise />}
              disabled={readOnly || fromEnvironment}
              data-testid="webhook-rotate"
            >
              {t('settings.webhook.rotate', 'Rotate token')}
            </Button>
          </Dialog.Trigger>
          <ConfirmDialog
            onConfirm={rotate}
            variant="danger"
            title={t('settings.webhook.rotate.title', 'Rotate the webhook token?')}
          >
            {t(
              'settings.webhook.rotate.body',
              'The old URL stops working immediately; paste the new one into Twilio.'
            )}
          </ConfirmDialog>
        </Dialog.Root>
      }
    >
      <Flex direction="column" alignItems="stretch" gap={4}>
        <UrlField
          name="webhook.inboundUrl"
          label={t('settings.webhook.inboundUrl', 'Inbound URL')}
          value={webhook.inboundUrl}
        />
        <UrlField
          name="webhook.statusUrl"
          label={t('settings.webhook.statusUrl', 'Status callback URL')}
          value={webhook.statusUrl}
        />
        {fromEnvironment ? (
          <Typography variant="pi" textColor="neutral600">
            {t(
              'settings.webhook.fromEnvironment',
              'The token is set by environment (WHATSAPP_AGENT_WEBHOOK_TOKEN): change it there to rotate it.'
            )}
          </Typography>
        ) : null}
      </Flex>
    </SettingsSection>
  );
};
