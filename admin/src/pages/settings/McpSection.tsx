import { Field, Grid, SingleSelect, SingleSelectOption, Typography } from '@strapi/design-system';
import { useIntl } from 'react-intl';
import type { SettingsView } from '../../../../server/src/admin-api';
import { SettingsSection } from '../../components/SettingsSection';
import { useSourceHint } from '../../hooks/useSourceHint';
import { getTranslation } from '../../utils/getTranslation';

type Props = {
  view: SettingsView['mcp'];
  value: 'on' | 'off';
  /** This install's inbound webhook URL: the MCP endpoint sits beside it, under the same public URL. */
  inboundUrl: string;
  onChange: (enabled: 'on' | 'off') => void;
  errors: Record<string, string>;
  readOnly: boolean;
};

/** Members' own assistants (ChatGPT, Claude, Cursor) over MCP: on or off, and the URL to paste. */
export const McpSection = ({ view, value, inboundUrl, onChange, errors, readOnly }: Props) => {
  const { formatMessage } = useIntl();
  const t = (id: string, defaultMessage: string, values?: Record<string, string>) =>
    formatMessage({ id: getTranslation(id), defaultMessage }, values);
  const sourceHint = useSourceHint();
  const endpoint = inboundUrl.replace(/\/webhooks\/.*$/, '/mcp');
  return (
    <SettingsSection
      title={t('settings.mcp.title', 'Members’ own assistants (MCP)')}
      testId="settings-mcp"
      description={t(
        'settings.mcp.description',
        'Members reach the community from ChatGPT, Claude or Cursor with a personal token, under their own permissions; every call counts like a question on WhatsApp.'
      )}
    >
      <Grid.Root gap={4}>
        <Grid.Item col={4} s={12} direction="column" alignItems="stretch">
          <Field.Root
            name="mcp.enabled"
            error={errors['mcp.enabled']}
            hint={sourceHint(
              view.enabled.source,
              t('settings.mcp.enabled.help', 'Off: the endpoint answers 404')
            )}
          >
            <Field.Label>{t('settings.mcp.enabled', 'MCP endpoint')}</Field.Label>
            <SingleSelect
              value={value}
              onChange={(next) => onChange(next === 'on' ? 'on' : 'off')}
              disabled={readOnly || view.enabled.source === 'environment'}
            >
              <SingleSelectOption value="on">{t('settings.mcp.enabled.on', 'On')}</SingleSelectOption>
              <SingleSelectOption value="off">{t('settings.mcp.enabled.off', 'Off')}</SingleSelectOption>
            </SingleSelect>
            <Field.Hint />
            <Field.Error />
          </Field.Root>
        </Grid.Item>
        <Grid.Item col={8} s={12} direction="column" alignItems="stretch">
          <Typography variant="pi" textColor="neutral600">
            {t('settings.mcp.url', 'The URL members paste into their assistant: {url}', { url: endpoint })}
          </Typography>
        </Grid.Item>
      </Grid.Root>
    </SettingsSection>
  );
};
