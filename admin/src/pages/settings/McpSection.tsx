import {
  Checkbox,
  Field,
  Flex,
  Grid,
  SingleSelect,
  SingleSelectOption,
  Typography,
} from '@strapi/design-system';
import { useIntl } from 'react-intl';
import type { SettingsView } from '../../../../server/src/admin-api';
import { SettingsSection } from '../../components/SettingsSection';
import { useSourceHint } from '../../hooks/useSourceHint';
import { getTranslation } from '../../utils/getTranslation';
import type { SettingsForm } from './settings-form';

type Props = {
  view: SettingsView['mcp'];
  /** The agent's tools as saved: what the endpoint may list. */
  agentTools: SettingsView['agentTools'];
  value: SettingsForm['mcp'];
  /** This install's inbound webhook URL: the MCP endpoint sits beside it, under the same public URL. */
  inboundUrl: string;
  onChange: (next: SettingsForm['mcp'], changedPath: string) => void;
  errors: Record<string, string>;
  readOnly: boolean;
};

/**
 * Members' own assistants (ChatGPT, Claude, Cursor) over MCP: on or off, the URL to paste, and
 * which of the agent's tools the endpoint lists (all of them until the admin picks).
 */
export const McpSection = ({ view, agentTools, value, inboundUrl, onChange, errors, readOnly }: Props) => {
  const { formatMessage } = useIntl();
  const t = (id: string, defaultMessage: string, values?: Record<string, string>) =>
    formatMessage({ id: getTranslation(id), defaultMessage }, values);
  const sourceHint = useSourceHint();
  const endpoint = inboundUrl.replace(/\/webhooks\/.*$/, '/mcp');
  const toolsLocked = readOnly || view.tools.source === 'environment';
  const allTools = agentTools.map((tool) => tool.name);
  const chosen = value.tools ?? allTools;
  const choose = (name: string, on: boolean) => {
    const next = on ? [...chosen, name] : chosen.filter((other) => other !== name);
    // Every tool chosen again: back to "all", so tools added later are listed too.
    const all = allTools.every((tool) => next.includes(tool));
    onChange({ ...value, tools: all ? null : allTools.filter((tool) => next.includes(tool)) }, 'mcp.tools');
  };
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
              value={value.enabled}
              onChange={(next) =>
                onChange({ ...value, enabled: next === 'on' ? 'on' : 'off' }, 'mcp.enabled')
              }
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
        <Grid.Item col={12} direction="column" alignItems="stretch">
          <Field.Root
            name="mcp.tools"
            error={errors['mcp.tools']}
            hint={sourceHint(
              view.tools.source,
              t(
                'settings.mcp.tools.help',
                'The tools a member’s assistant can use; with all of them chosen, tools added later are listed too. Save the tools and actions above to choose among new ones.'
              )
            )}
          >
            <Field.Label>{t('settings.mcp.tools', 'Tools the endpoint lists')}</Field.Label>
            <Flex direction="column" alignItems="stretch" gap={1} data-testid="settings-mcp-tools">
              {agentTools.map((tool) => (
                <Checkbox
                  key={tool.name}
                  name={`mcp.tools.${tool.name}`}
                  checked={chosen.includes(tool.name)}
                  disabled={toolsLocked}
                  onCheckedChange={(checked) => choose(tool.name, checked === true)}
                >
                  {tool.action
                    ? t('settings.mcp.tools.action', '{name} (action, asks the member first)', {
                        name: tool.name,
                      })
                    : tool.name}
                </Checkbox>
              ))}
            </Flex>
            <Field.Hint />
            <Field.Error />
          </Field.Root>
        </Grid.Item>
      </Grid.Root>
    </SettingsSection>
  );
};
