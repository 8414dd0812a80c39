import { Grid } from '@strapi/design-system';
import { useIntl } from 'react-intl';
import type { SettingsView } from '../../../../server/src/admin-api';
import { useApiClient } from '../../api/client';
import { CheckButton } from '../../components/CheckButton';
import { SecretSetting } from '../../components/SecretSetting';
import { SettingsSection } from '../../components/SettingsSection';
import { TextSetting } from '../../components/TextSetting';
import { getTranslation } from '../../utils/getTranslation';
import type { SettingsForm } from './settings-form';

type Props = {
  view: SettingsView['meta'];
  values: SettingsForm['meta'];
  onChange: (key: keyof SettingsForm['meta'], value: string) => void;
  errors: Record<string, string>;
  readOnly: boolean;
  /** Unsaved edits: the check runs on the saved settings, so it waits for a save. */
  dirty: boolean;
};

/** Meta's WhatsApp Cloud API, the provider without a BSP: its ids, token and webhook secrets. */
export const MetaSection = ({ view, values, onChange, errors, readOnly, dirty }: Props) => {
  const { formatMessage } = useIntl();
  const t = (id: string, defaultMessage: string) => formatMessage({ id: getTranslation(id), defaultMessage });
  const api = useApiClient();
  const text = (key: 'phoneNumberId' | 'businessAccountId', label: string, help: string) => (
    <TextSetting
      name={`meta.${key}`}
      label={label}
      source={view[key].source}
      value={values[key]}
      onChange={(value) => onChange(key, value)}
      error={errors[`meta.${key}`]}
      readOnly={readOnly}
      help={help}
    />
  );
  const secret = (key: 'accessToken' | 'appSecret' | 'verifyToken', label: string) => (
    <SecretSetting
      name={`meta.${key}`}
      label={label}
      setting={view[key]}
      value={values[key]}
      onChange={(value) => onChange(key, value)}
      error={errors[`meta.${key}`]}
      readOnly={readOnly}
    />
  );

  return (
    <SettingsSection
      testId="section-meta"
      title={t('settings.meta.title', 'WhatsApp Cloud API (Meta)')}
      description={t(
        'settings.meta.description',
        'WhatsApp straight from Meta, without Twilio: once the phone number id and access token are set, WhatsApp goes through it (SMS stays with Twilio).'
      )}
      actions={
        <CheckButton
          run={api.checkMeta}
          label={
            dirty
              ? t('settings.twilio.check.unsaved', 'Save to check the connection')
              : t('settings.meta.check', 'Test connection')
          }
          testId="meta-check"
          disabled={dirty}
        />
      }
    >
      <Grid.Root gap={5}>
        <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
          {text(
            'phoneNumberId',
            t('settings.meta.phoneNumberId', 'Phone number ID'),
            t('settings.meta.phoneNumberId.help', 'WhatsApp → API setup (digits, not the number)')
          )}
        </Grid.Item>
        <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
          {text(
            'businessAccountId',
            t('settings.meta.businessAccountId', 'WhatsApp Business Account ID'),
            t('settings.meta.businessAccountId.help', 'For the templates’ Check')
          )}
        </Grid.Item>
        <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
          {secret('accessToken', t('settings.meta.accessToken', 'Access token (system user)'))}
        </Grid.Item>
        <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
          {secret('appSecret', t('settings.meta.appSecret', 'App secret'))}
        </Grid.Item>
        <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
          {secret('verifyToken', t('settings.meta.verifyToken', 'Webhook verify token'))}
        </Grid.Item>
      </Grid.Root>
    </SettingsSection>
  );
};
