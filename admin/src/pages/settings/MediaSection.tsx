import { Field, Grid, SingleSelect, SingleSelectOption, Typography } from '@strapi/design-system';
import { useIntl } from 'react-intl';
import type { SettingsView, Vision } from '../../../../server/src/admin-api';
import { useApiClient } from '../../api/client';
import { CheckButton } from '../../components/CheckButton';
import { NumberSetting } from '../../components/NumberSetting';
import { SecretSetting } from '../../components/SecretSetting';
import { SettingsSection } from '../../components/SettingsSection';
import { TextSetting } from '../../components/TextSetting';
import { useSourceHint } from '../../hooks/useSourceHint';
import { getTranslation } from '../../utils/getTranslation';
import { transcriptionKeyLocked, type SettingsForm } from './settings-form';

type MediaValues = SettingsForm['media'];

type Props = {
  view: SettingsView['media'];
  values: MediaValues;
  onChange: <K extends keyof MediaValues>(key: K, value: MediaValues[K]) => void;
  errors: Record<string, string>;
  readOnly: boolean;
  dirty: boolean;
};

/** Where the server binds a transcription key saved without a base URL (schema.ts, NO_TRANSCRIPTION_URL). */
const NO_BASE_URL_ORIGIN = 'https://no-transcription-base-url.invalid';

const VISION: Vision[] = ['auto', 'on', 'off'];

/**
 * Voice notes (the transcription model, its endpoint, the longest note transcribed and each
 * member's daily budget) and pictures. Without its own base URL, transcription uses the AI model's endpoint and key; a
 * transcription key goes only to the base URL it was entered for, as the AI key does.
 */
export const MediaSection = ({ view, values, onChange, errors, readOnly, dirty }: Props) => {
  const { formatMessage } = useIntl();
  const t = (id: string, defaultMessage: string) => formatMessage({ id: getTranslation(id), defaultMessage });
  const api = useApiClient();
  const sourceHint = useSourceHint();
  const key = view.transcriptionApiKey;
  const withoutBaseUrl = !values.transcriptionBaseUrl.trim();
  const text = (name: 'transcriptionModel' | 'transcriptionBaseUrl', label: string, help: string) => (
    <TextSetting
      name={`media.${name}`}
      label={label}
      source={view[name].source}
      value={values[name]}
      onChange={(value) => onChange(name, value)}
      error={errors[`media.${name}`]}
      readOnly={readOnly}
      help={help}
    />
  );

  const number = (
    name: 'transcriptionMaxSeconds' | 'transcriptionSecondsPerDay',
    label: string,
    help: string
  ) => (
    <NumberSetting
      name={`media.${name}`}
      label={label}
      source={view[name].source}
      value={values[name]}
      onChange={(value) => onChange(name, value)}
      error={errors[`media.${name}`]}
      readOnly={readOnly}
      help={help}
    />
  );

  return (
    <SettingsSection
      testId="section-media"
      title={t('settings.media.title', 'Voice notes and pictures')}
      description={t(
        'settings.media.description',
        'Voice notes are transcribed through an OpenAI-compatible /audio/transcriptions endpoint; pictures go to the AI model when it sees images.'
      )}
      actions={
        <CheckButton
          run={api.testTranscription}
          label={
            dirty
              ? t('settings.media.test.unsaved', 'Save to test transcription')
              : t('settings.media.test', 'Test')
          }
          testId="media-test"
          disabled={dirty}
        />
      }
    >
      <Grid.Root gap={5}>
        <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
          {text(
            'transcriptionBaseUrl',
            t('settings.media.transcriptionBaseUrl', 'Transcription base URL'),
            t('settings.media.transcriptionBaseUrl.help', 'Empty: the AI model’s endpoint and key')
          )}
        </Grid.Item>
        <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
          <SecretSetting
            name="media.transcriptionApiKey"
            label={t('settings.media.transcriptionApiKey', 'Transcription API key')}
            setting={key}
            value={values.transcriptionApiKey}
            onChange={(value) => onChange('transcriptionApiKey', value)}
            error={errors['media.transcriptionApiKey']}
            readOnly={readOnly}
            // A key is tied to the base URL it is entered for: without one it would be sent nowhere.
            locked={withoutBaseUrl || transcriptionKeyLocked(values, view)}
          />
          {withoutBaseUrl ? (
            <Typography variant="pi" textColor="neutral600" data-testid="media-apiKey-unused">
              {t(
                'settings.media.transcriptionApiKey.withoutBaseUrl',
                'Set a transcription base URL to enter a key for it.'
              )}
            </Typography>
          ) : key.set && !key.usable ? (
            <Typography variant="pi" textColor="warning600" data-testid="media-apiKey-withheld">
              {key.boundTo && key.boundTo !== NO_BASE_URL_ORIGIN
                ? formatMessage(
                    {
                      id: getTranslation('settings.ai.apiKey.withheld'),
                      defaultMessage:
                        'This key was set for {origin} and is not sent to this base URL: enter a key for it.',
                    },
                    { origin: key.boundTo }
                  )
                : t(
                    'settings.media.transcriptionApiKey.withheldUnbound',
                    'This key was set without a base URL and is not sent to this one: enter a key for it.'
                  )}
            </Typography>
          ) : null}
        </Grid.Item>
        <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
          {text(
            'transcriptionModel',
            t('settings.media.transcriptionModel', 'Transcription model'),
            t('settings.media.transcriptionModel.help', 'whisper-1, gpt-4o-mini-transcribe…')
          )}
        </Grid.Item>
        <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
          {number(
            'transcriptionMaxSeconds',
            t('settings.media.transcriptionMaxSeconds', 'Longest voice note (seconds)'),
            t(
              'settings.media.transcriptionMaxSeconds.help',
              '5–3600; longer ones get a polite reply and cost nothing'
            )
          )}
        </Grid.Item>
        <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
          {number(
            'transcriptionSecondsPerDay',
            t('settings.media.transcriptionSecondsPerDay', 'Voice notes per member per day (seconds)'),
            t(
              'settings.media.transcriptionSecondsPerDay.help',
              '0–86400, as the provider counts them; over it, a polite reply and no transcription'
            )
          )}
        </Grid.Item>
        <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
          <Field.Root
            name="media.vision"
            error={errors['media.vision']}
            hint={sourceHint(
              view.vision.source,
              t('settings.media.vision.help', 'Auto: when the model’s name is a known vision model')
            )}
          >
            <Field.Label>{t('settings.media.vision', 'Pictures to the model')}</Field.Label>
            <SingleSelect
              value={values.vision}
              onChange={(value) => onChange('vision', VISION.find((option) => option === value) ?? 'auto')}
              disabled={readOnly || view.vision.source === 'environment'}
              data-testid="setting-media.vision"
            >
              {VISION.map((option) => (
                <SingleSelectOption key={option} value={option}>
                  {t(`settings.media.vision.${option}`, { auto: 'Auto', on: 'Always', off: 'Never' }[option])}
                </SingleSelectOption>
              ))}
            </SingleSelect>
            <Field.Hint />
            <Field.Error />
          </Field.Root>
        </Grid.Item>
      </Grid.Root>
    </SettingsSection>
  );
};
