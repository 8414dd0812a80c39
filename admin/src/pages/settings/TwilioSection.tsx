import * as React from 'react';
import { Box, Flex, Grid, Typography } from '@strapi/design-system';
import { useIntl } from 'react-intl';
import type { SettingsView, TwilioAccountView } from '../../../../server/src/admin-api';
import { useApiClient } from '../../api/client';
import { CheckButton } from '../../components/CheckButton';
import { SecretSetting } from '../../components/SecretSetting';
import { SettingsSection } from '../../components/SettingsSection';
import { TextSetting } from '../../components/TextSetting';
import { getTranslation } from '../../utils/getTranslation';
import type { SettingsForm } from './settings-form';

type Props = {
  view: SettingsView['twilio'];
  values: SettingsForm['twilio'];
  onChange: (key: keyof SettingsForm['twilio'], value: string) => void;
  errors: Record<string, string>;
  readOnly: boolean;
  /** Unsaved edits: the check runs on the saved settings, so it waits for a save. */
  dirty: boolean;
};

/**
 * The account the last check reached: platforms keep test and each production region on
 * sub-accounts of one parent, and the name alone does not always say which one this is.
 */
const TwilioAccount = ({ account }: { account: TwilioAccountView }) => {
  const { formatMessage } = useIntl();
  return (
    <Box background="neutral100" hasRadius padding={4} data-testid="twilio-account">
      <Flex direction="column" alignItems="flex-start" gap={1}>
        <Typography variant="omega" fontWeight="bold">
          {account.friendlyName}
        </Typography>
        <Typography
          variant="pi"
          textColor={account.status === 'active' ? 'neutral600' : 'danger600'}
          data-testid="twilio-account-details"
        >
          {formatMessage(
            {
              id: getTranslation('settings.twilio.account.details'),
              defaultMessage: '{sid} · {status} · {type} account',
            },
            { sid: account.sid, status: account.status, type: account.type }
          )}
        </Typography>
        <Typography variant="pi" textColor="neutral600" data-testid="twilio-account-parent">
          {account.parentSid
            ? formatMessage(
                {
                  id: getTranslation('settings.twilio.account.parent'),
                  defaultMessage: 'Sub-account of {parentSid}',
                },
                { parentSid: account.parentSid }
              )
            : formatMessage({
                id: getTranslation('settings.twilio.account.main'),
                defaultMessage: 'Main account (not a sub-account)',
              })}
        </Typography>
      </Flex>
    </Box>
  );
};

export const TwilioSection = ({ view, values, onChange, errors, readOnly, dirty }: Props) => {
  const { formatMessage } = useIntl();
  const t = (id: string, defaultMessage: string) => formatMessage({ id: getTranslation(id), defaultMessage });
  const api = useApiClient();
  const [account, setAccount] = React.useState<TwilioAccountView>();
  const checkTwilio = React.useCallback(async () => {
    setAccount(undefined);
    const result = await api.checkTwilio();
    setAccount(result.account);
    return result;
  }, [api]);
  const text = (
    key:
      | 'accountSid'
      | 'whatsappNumber'
      | 'smsNumber'
      | 'rcsMessagingServiceSid'
      | 'rcsSenderId'
      | 'region'
      | 'edge',
    label: string,
    help?: string
  ) => (
    <TextSetting
      name={`twilio.${key}`}
      label={label}
      source={view[key].source}
      value={values[key]}
      onChange={(value) => onChange(key, value)}
      error={errors[`twilio.${key}`]}
      readOnly={readOnly}
      help={help}
    />
  );

  return (
    <SettingsSection
      testId="section-twilio"
      title={t('settings.twilio.title', 'Twilio')}
      description={t(
        'settings.twilio.description',
        'The Twilio account that sends and receives the WhatsApp and SMS messages.'
      )}
      actions={
        <CheckButton
          run={checkTwilio}
          label={
            dirty
              ? t('settings.twilio.check.unsaved', 'Save to check the connection')
              : t('settings.twilio.check', 'Check connection')
          }
          testId="twilio-check"
          disabled={dirty}
        />
      }
    >
      <Grid.Root gap={5}>
        <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
          {text(
            'accountSid',
            t('settings.twilio.accountSid', 'Account SID'),
            t('settings.twilio.accountSid.help', 'Starts with AC')
          )}
        </Grid.Item>
        <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
          <SecretSetting
            name="twilio.authToken"
            label={t('settings.twilio.authToken', 'Auth token')}
            setting={view.authToken}
            value={values.authToken}
            onChange={(value) => onChange('authToken', value)}
            error={errors['twilio.authToken']}
            readOnly={readOnly}
          />
        </Grid.Item>
        <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
          {text(
            'whatsappNumber',
            t('settings.twilio.whatsappNumber', 'WhatsApp number'),
            t('settings.twilio.number.help', 'E.164, e.g. +14155238886')
          )}
        </Grid.Item>
        <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
          {text(
            'smsNumber',
            t('settings.twilio.smsNumber', 'SMS number'),
            t('settings.twilio.smsNumber.help', 'Optional, E.164')
          )}
        </Grid.Item>
        <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
          {text(
            'rcsMessagingServiceSid',
            t('settings.twilio.rcsMessagingServiceSid', 'RCS Messaging Service'),
            t(
              'settings.twilio.rcsMessagingServiceSid.help',
              'Optional, MG…: the service with your RCS sender and SMS fallback numbers'
            )
          )}
        </Grid.Item>
        <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
          {text(
            'rcsSenderId',
            t('settings.twilio.rcsSenderId', 'RCS sender id'),
            t('settings.twilio.rcsSenderId.help', 'Optional, without rcs:, e.g. acme_agent')
          )}
        </Grid.Item>
        <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
          {text(
            'region',
            t('settings.twilio.region', 'Region'),
            t('settings.twilio.region.help', 'Optional, e.g. ie1')
          )}
        </Grid.Item>
        <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
          {text(
            'edge',
            t('settings.twilio.edge', 'Edge'),
            t('settings.twilio.edge.help', 'Optional, e.g. dublin')
          )}
        </Grid.Item>
      </Grid.Root>
      {account ? <TwilioAccount account={account} /> : null}
    </SettingsSection>
  );
};
