import { Typography } from '@strapi/design-system';
import { useIntl } from 'react-intl';
import type { SettingsView } from '../../../../server/src/admin-api';
import { useApiClient } from '../../api/client';
import { CheckButton } from '../../components/CheckButton';
import { SettingsSection } from '../../components/SettingsSection';
import { getTranslation } from '../../utils/getTranslation';
import { PlainFields } from './PlainFields';
import { aiKeyLocked, type SettingsForm } from './settings-form';

type Props = {
  view: SettingsView['ai'];
  values: SettingsForm['ai'];
  onChange: (name: string, value: unknown) => void;
  errors: Record<string, string>;
  readOnly: boolean;
  dirty: boolean;
};

/**
 * The AI model: its fields straight from the settings table, plus Test and the warning for a key
 * that is not sent to the base URL now entered (a key goes only where it was entered for).
 */
export const AiSection = ({ view, values, onChange, errors, readOnly, dirty }: Props) => {
  const { formatMessage } = useIntl();
  const t = (id: string, defaultMessage: string) => formatMessage({ id: getTranslation(id), defaultMessage });
  const api = useApiClient();
  const withheld =
    view.apiKey.set && !view.apiKey.usable ? (
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
    ) : null;

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
      <PlainFields
        section="ai"
        view={view}
        values={values}
        onChange={onChange}
        errors={errors}
        readOnly={readOnly}
        after={{ apiKey: withheld }}
        locked={{ apiKey: aiKeyLocked(values, view) }}
      />
    </SettingsSection>
  );
};
