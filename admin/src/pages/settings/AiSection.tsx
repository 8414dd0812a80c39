import { Grid, Typography } from '@strapi/design-system';
import { useIntl } from 'react-intl';
import type { SettingsView } from '../../../../server/src/admin-api';
import { useApiClient } from '../../api/client';
import { CheckButton } from '../../components/CheckButton';
import { NumberSetting } from '../../components/NumberSetting';
import { SecretSetting } from '../../components/SecretSetting';
import { SettingsSection } from '../../components/SettingsSection';
import { TextSetting } from '../../components/TextSetting';
import { getTranslation } from '../../utils/getTranslation';
import { aiKeyLocked, type AiNumberKey, type SettingsForm } from './settings-form';

type AiValues = SettingsForm['ai'];

type Props = {
  view: SettingsView['ai'];
  values: AiValues;
  onChange: <K extends keyof AiValues>(key: K, value: AiValues[K]) => void;
  errors: Record<string, string>;
  readOnly: boolean;
  dirty: boolean;
};

export const AiSection = ({ view, values, onChange, errors, readOnly, dirty }: Props) => {
  const { formatMessage } = useIntl();
  const t = (id: string, defaultMessage: string) => formatMessage({ id: getTranslation(id), defaultMessage });
  const api = useApiClient();
  const text = (
    key: 'baseUrl' | 'model' | 'systemPrompt',
    label: string,
    help?: string,
    multiline?: boolean
  ) => (
    <TextSetting
      name={`ai.${key}`}
      label={label}
      source={view[key].source}
      value={values[key]}
      onChange={(value) => onChange(key, value)}
      error={errors[`ai.${key}`]}
      readOnly={readOnly}
      help={help}
      multiline={multiline}
    />
  );
  const number = (key: AiNumberKey, label: string, help: string) => (
    <NumberSetting
      name={`ai.${key}`}
      label={label}
      source={view[key].source}
      value={values[key]}
      onChange={(value) => onChange(key, value)}
      error={errors[`ai.${key}`]}
      readOnly={readOnly}
      help={help}
    />
  );

  return (
    <SettingsSection
      testId="section-ai"
      title={t('settings.ai.title', 'AI model')}
      description={t(
        'settings.ai.description',
        'Any OpenAI-compatible Chat Completions endpoint: OpenAI, Azure, Ollama, vLLM…'
      )}
      actions={
        <CheckButton
          run={api.testLlm}
          label={
            dirty ? t('settings.ai.test.unsaved', 'Save to test the model') : t('settings.ai.test', 'Test')
          }
          testId="ai-test"
          disabled={dirty}
        />
      }
    >
      <Grid.Root gap={5}>
        <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
          {text(
            'baseUrl',
            t('settings.ai.baseUrl', 'Base URL'),
            t('settings.ai.baseUrl.help', 'Empty for OpenAI')
          )}
        </Grid.Item>
        <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
          <SecretSetting
            name="ai.apiKey"
            label={t('settings.ai.apiKey', 'API key')}
            setting={view.apiKey}
            value={values.apiKey}
            onChange={(value) => onChange('apiKey', value)}
            error={errors['ai.apiKey']}
            readOnly={readOnly}
            locked={aiKeyLocked(values, view)}
          />
          {view.apiKey.set && !view.apiKey.usable ? (
            <Typography variant="pi" textColor="warning600" data-testid="ai-apiKey-withheld">
              {view.apiKey.boundTo
                ? formatMessage(
                    {
                      id: getTranslation('settings.ai.apiKey.withheld'),
                      defaultMessage:
                        'This key was set for {origin} and is not sent to this base URL: enter a key for it.',
                    },
                    { origin: view.apiKey.boundTo }
                  )
                : t(
                    'settings.ai.apiKey.withheldUnbound',
                    'This key is not sent to this base URL (it was saved before keys were tied to one): enter it again.'
                  )}
            </Typography>
          ) : null}
        </Grid.Item>
        <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
          {text('model', t('settings.ai.model', 'Model'))}
        </Grid.Item>
        <Grid.Item col={12} direction="column" alignItems="stretch">
          {text(
            'systemPrompt',
            t('settings.ai.systemPrompt', 'System prompt'),
            t(
              'settings.ai.systemPrompt.help',
              'Replaces the default instructions; the community, date and member are always added'
            ),
            true
          )}
        </Grid.Item>
        <Grid.Item col={4} s={12} direction="column" alignItems="stretch">
          {number(
            'maxToolRounds',
            t('settings.ai.maxToolRounds', 'Max tool rounds'),
            t('settings.ai.maxToolRounds.help', 'Tool calls per answer, 0–20')
          )}
        </Grid.Item>
        <Grid.Item col={4} s={12} direction="column" alignItems="stretch">
          {number(
            'historyTurns',
            t('settings.ai.historyTurns', 'Memory turns'),
            t('settings.ai.historyTurns.help', 'Turns of the conversation kept')
          )}
        </Grid.Item>
        <Grid.Item col={4} s={12} direction="column" alignItems="stretch">
          {number(
            'historyIdleMinutes',
            t('settings.ai.historyIdleMinutes', 'Idle minutes'),
            t(
              'settings.ai.historyIdleMinutes.help',
              'Forget the conversation after this long without messages'
            )
          )}
        </Grid.Item>
      </Grid.Root>
    </SettingsSection>
  );
};
