import { Typography } from '@strapi/design-system';
import { useIntl } from 'react-intl';
import type { SettingsView } from '../../../../server/src/admin-api';
import { useApiClient } from '../../api/client';
import { CheckButton } from '../../components/CheckButton';
import { SettingsSection } from '../../components/SettingsSection';
import { getTranslation } from '../../utils/getTranslation';
import { PlainFields } from './PlainFields';
import { transcriptionKeyLocked, type SettingsForm } from './settings-form';

type Props = {
  view: SettingsView['media'];
  values: SettingsForm['media'];
  onChange: (name: string, value: unknown) => void;
  errors: Record<string, string>;
  readOnly: boolean;
  dirty: boolean;
};

/** Where the server binds a transcription key saved without a base URL (schema.ts, NO_TRANSCRIPTION_URL). */
const NO_BASE_URL_ORIGIN = 'https://no-transcription-base-url.invalid';

/**
 * Voice notes (the transcription model, its endpoint, the longest note transcribed and each
 * member's daily budget) and pictures, straight from the settings table. Without its own base
 * URL, transcription uses the AI model's endpoint and key; a transcription key goes only to the
 * base URL it was entered for, as the AI key does.
 */
export const MediaSection = ({ view, values, onChange, errors, readOnly, dirty }: Props) => {
  const { formatMessage } = useIntl();
  const t = (id: string, defaultMessage: string) => formatMessage({ id: getTranslation(id), defaultMessage });
  const api = useApiClient();
  const key = view.transcriptionApiKey;
  const withoutBaseUrl = !values.transcriptionBaseUrl.trim();
  const keyNote = withoutBaseUrl ? (
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
  ) : null;

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
      <PlainFields
        section="media"
        view={view}
        values={values}
        onChange={onChange}
        errors={errors}
        readOnly={readOnly}
        after={{ transcriptionApiKey: keyNote }}
        // A key is tied to the base URL it is entered for: without one it would be sent nowhere.
        locked={{ transcriptionApiKey: withoutBaseUrl || transcriptionKeyLocked(values, view) }}
      />
    </SettingsSection>
  );
};
