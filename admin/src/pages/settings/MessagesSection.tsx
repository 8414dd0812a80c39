import { useState } from 'react';
import { Box, Field, Grid, SingleSelect, SingleSelectOption } from '@strapi/design-system';
import { useIntl } from 'react-intl';
import type { SettingsView } from '../../../../server/src/admin-api';
import { SettingsSection } from '../../components/SettingsSection';
import { TextSetting } from '../../components/TextSetting';
import { getTranslation } from '../../utils/getTranslation';

/** What each fixed reply is for, and the placeholders it can use. */
const MESSAGES: Array<{ key: string; label: string; help: string }> = [
  {
    key: 'instructions',
    label: 'Linking instructions',
    help: 'To a number that is not linked (at most once an hour). {linkPage}',
  },
  { key: 'linked', label: 'Linked confirmation', help: '{name} {email} {undoMinutes}' },
  { key: 'wrongPhrase', label: 'Wrong linking phrase', help: '{linkPage}' },
  { key: 'lockedOut', label: 'Too many wrong phrases', help: '{minutes}' },
  {
    key: 'relinkNeeded',
    label: 'Link ended',
    help: 'Session revoked, user blocked or deleted. {reason} {linkPage}',
  },
  { key: 'unlinked', label: 'Unlinked (UNLINK / STOP)', help: '{name}' },
  { key: 'undone', label: 'Undone (UNDO)', help: '{name}' },
  { key: 'undoExpired', label: 'UNDO too late', help: '{undoMinutes}' },
  { key: 'notLinked', label: 'Not linked', help: 'UNLINK or UNDO from a number that is not linked' },
  { key: 'reset', label: 'Conversation reset (RESET)', help: '' },
  { key: 'help', label: 'Help (HELP)', help: '{status}: whether and to whom the number is linked' },
  { key: 'remindersOn', label: 'Reminders on (REMINDERS ON)', help: '' },
  { key: 'remindersOff', label: 'Reminders off (REMINDERS OFF)', help: '' },
  { key: 'digestOn', label: 'Weekly digest on (DIGEST ON)', help: '' },
  { key: 'digestOff', label: 'Weekly digest off (DIGEST OFF)', help: '' },
  { key: 'actionQuestion', label: 'Action: the question', help: '{question}: the action as configured' },
  { key: 'actionDone', label: 'Action: done', help: '{what}: the question, as a statement' },
  { key: 'offerReminders', label: 'Action: reminders offered', help: 'After an action that offers them' },
  { key: 'actionFailed', label: 'Action: refused', help: "{reason}: the community site's answer" },
  { key: 'actionCancelled', label: 'Action: cancelled (NO)', help: '' },
  { key: 'actionExpired', label: 'Action: expired', help: '{minutes}' },
  {
    key: 'actionStale',
    label: 'Action: answer to an older question',
    help: 'A tap on the buttons of a question no longer open',
  },
  { key: 'apology', label: 'Apology', help: 'When the AI model fails or times out' },
  { key: 'notConfigured', label: 'Assistant not switched on', help: 'When no AI model is configured' },
  { key: 'overLimit', label: 'Over the limit', help: "{limit} {until}: the community's plan" },
  {
    key: 'eventReminder',
    label: 'Event reminder (inside the 24-hour window)',
    help: '{title} {startsIn} {start} {place}; how to stop it is always added',
  },
  {
    key: 'weeklyDigest',
    label: 'Weekly digest (inside the 24-hour window)',
    help: '{community} {events}; how to stop it is always added',
  },
  { key: 'mediaUnsupported', label: 'Attachment not handled', help: '{what} {handled}' },
  {
    key: 'picturesNotUnderstood',
    label: 'Pictures not understood',
    help: 'When the model does not see images',
  },
  { key: 'voiceTooLong', label: 'Voice note too long', help: '{minutes}' },
  {
    key: 'voiceUnreadable',
    label: 'Voice note unreadable',
    help: 'A file whose length cannot be measured (damaged or forged)',
  },
  { key: 'voiceBudget', label: 'Voice notes: daily budget used', help: '{minutes}: the budget per member' },
  { key: 'voiceEmpty', label: 'Voice note without words', help: '' },
  { key: 'mediaTooLarge', label: 'Attachment too large', help: '{limit}' },
  { key: 'mediaRefused', label: 'Attachment refused', help: '{handled}' },
  { key: 'voiceNotConfigured', label: 'Transcription not set up', help: 'No usable transcription endpoint' },
  { key: 'voiceFailed', label: 'Voice note not transcribed', help: 'When transcription fails' },
  { key: 'mediaUnavailable', label: 'Attachment not fetched', help: 'When the download fails' },
  {
    key: 'handoffRequested',
    label: 'A person was asked for',
    help: 'Told once, when the member or the assistant asks for a community manager: name your office hours. {backWord}',
  },
  { key: 'handoffPending', label: 'Still waiting for a person', help: 'To a repeated request. {backWord}' },
  {
    key: 'handoffEnded',
    label: 'Back with the assistant',
    help: 'After Resolve or the member’s BOT. {requestWord}',
  },
  {
    key: 'handoffTimedOut',
    label: 'No manager answered in time',
    help: 'The automatic hand-back. {hours} {requestWord}',
  },
  { key: 'managerReply', label: 'A manager’s reply', help: 'How the member sees it. {name} {text}' },
];

/** The languages members get fixed replies in, as the server ships them (English first). */
const LANGUAGE_NAMES: Record<string, string> = {
  en: 'English',
  de: 'Deutsch',
  fr: 'Français',
  es: 'Español',
};

type Props = {
  /** Per language, per fixed reply. */
  view: SettingsView['messages'];
  values: Record<string, Record<string, string>>;
  onChange: (language: string, key: string, value: string) => void;
  errors: Record<string, string>;
  readOnly: boolean;
};

export const MessagesSection = ({ view, values, onChange, errors, readOnly }: Props) => {
  const { formatMessage } = useIntl();
  const t = (id: string, defaultMessage: string) => formatMessage({ id: getTranslation(id), defaultMessage });
  const languages = Object.keys(view);
  const [language, setLanguage] = useState(languages[0] ?? 'en');
  const texts = view[language] ?? {};

  return (
    <SettingsSection
      testId="section-messages"
      title={t('settings.messages.title', 'Messages')}
      description={t(
        'settings.messages.description',
        'The fixed replies, sent without the AI model, in the member’s language. Empty a text to restore its default; {placeholders} are filled in when sent. Command words (HELP, UNLINK, STOP…) stay English in every language.'
      )}
    >
      <Box paddingBottom={5} maxWidth="320px">
        <Field.Root name="messages.language">
          <Field.Label>{t('settings.messages.language', 'Language')}</Field.Label>
          <SingleSelect value={language} onChange={(value) => setLanguage(String(value))}>
            {languages.map((code) => (
              <SingleSelectOption key={code} value={code}>
                {LANGUAGE_NAMES[code] ?? code}
              </SingleSelectOption>
            ))}
          </SingleSelect>
        </Field.Root>
      </Box>
      <Grid.Root gap={5}>
        {MESSAGES.filter(({ key }) => key in texts).map(({ key, label, help }) => (
          <Grid.Item key={`${language}.${key}`} col={6} s={12} direction="column" alignItems="stretch">
            <TextSetting
              name={`messages.${language}.${key}`}
              label={t(`settings.messages.${key}`, label)}
              source={texts[key].source}
              value={values[language]?.[key] ?? ''}
              onChange={(value) => onChange(language, key, value)}
              error={errors[`messages.${language}.${key}`]}
              readOnly={readOnly}
              help={help ? `${t('settings.messages.placeholders', 'Placeholders:')} ${help}` : undefined}
              multiline
            />
          </Grid.Item>
        ))}
      </Grid.Root>
    </SettingsSection>
  );
};
