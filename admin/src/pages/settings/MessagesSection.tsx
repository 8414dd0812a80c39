import type * as React from 'react';
import { useState } from 'react';
import {
  Box,
  Field,
  Flex,
  Grid,
  SingleSelect,
  SingleSelectOption,
  TextInput,
  Typography,
} from '@strapi/design-system';
import { useIntl } from 'react-intl';
import type { SettingsView } from '../../../../server/src/admin-api';
import { SettingsSection } from '../../components/SettingsSection';
import { TextSetting } from '../../components/TextSetting';
import { getTranslation } from '../../utils/getTranslation';
import { LANGUAGE_NAMES } from '../../utils/language-names';

/** What the fixed replies are about, in the order they are shown, with their English headings. */
const GROUPS = {
  linking: 'Linking a number',
  commands: 'Commands',
  actions: 'Actions',
  assistant: 'The assistant',
  proactive: 'Reminders and digest',
  media: 'Voice notes and attachments',
  handoff: 'Talking to a person',
} as const;
type Group = keyof typeof GROUPS;

/** What each fixed reply is for, and the placeholders it can use. */
const MESSAGES: Array<{ key: string; group: Group; label: string; help: string }> = [
  {
    key: 'instructions',
    group: 'linking',
    label: 'Linking instructions',
    help: 'To a number that is not linked (at most once an hour). {linkPage}',
  },
  { key: 'linked', group: 'linking', label: 'Linked confirmation', help: '{name} {email} {undoMinutes}' },
  { key: 'wrongPhrase', group: 'linking', label: 'Wrong linking phrase', help: '{linkPage}' },
  { key: 'lockedOut', group: 'linking', label: 'Too many wrong phrases', help: '{minutes}' },
  {
    key: 'relinkNeeded',
    group: 'linking',
    label: 'Link ended',
    help: 'Session revoked, user blocked or deleted. {reason} {linkPage}',
  },
  { key: 'unlinked', group: 'linking', label: 'Unlinked (UNLINK / STOP)', help: '{name}' },
  { key: 'undone', group: 'linking', label: 'Undone (UNDO)', help: '{name}' },
  { key: 'undoExpired', group: 'linking', label: 'UNDO too late', help: '{undoMinutes}' },
  {
    key: 'notLinked',
    group: 'linking',
    label: 'Not linked',
    help: 'UNLINK or UNDO from a number that is not linked',
  },
  { key: 'reset', group: 'commands', label: 'Conversation reset (RESET)', help: '' },
  {
    key: 'help',
    group: 'commands',
    label: 'Help (HELP)',
    help: '{status}: whether and to whom the number is linked',
  },
  { key: 'remindersOn', group: 'commands', label: 'Reminders on (REMINDERS ON)', help: '' },
  { key: 'remindersOff', group: 'commands', label: 'Reminders off (REMINDERS OFF)', help: '' },
  { key: 'digestOn', group: 'commands', label: 'Weekly digest on (DIGEST ON)', help: '' },
  { key: 'digestOff', group: 'commands', label: 'Weekly digest off (DIGEST OFF)', help: '' },
  {
    key: 'actionQuestion',
    group: 'actions',
    label: 'Action: the question',
    help: '{question}: the action as configured',
  },
  {
    key: 'actionDone',
    group: 'actions',
    label: 'Action: done',
    help: '{what}: the question, as a statement',
  },
  {
    key: 'offerReminders',
    group: 'actions',
    label: 'Action: reminders offered',
    help: 'After an action that offers them',
  },
  {
    key: 'actionFailed',
    group: 'actions',
    label: 'Action: refused',
    help: "{reason}: the community site's answer",
  },
  { key: 'actionCancelled', group: 'actions', label: 'Action: cancelled (NO)', help: '' },
  { key: 'actionExpired', group: 'actions', label: 'Action: expired', help: '{minutes}' },
  {
    key: 'actionStale',
    group: 'actions',
    label: 'Action: answer to an older question',
    help: 'A tap on the buttons of a question no longer open',
  },
  { key: 'apology', group: 'assistant', label: 'Apology', help: 'When the AI model fails or times out' },
  {
    key: 'notConfigured',
    group: 'assistant',
    label: 'Assistant not switched on',
    help: 'When no AI model is configured',
  },
  {
    key: 'overLimit',
    group: 'assistant',
    label: 'Over the limit',
    help: "{limit} {until}: the community's plan",
  },
  {
    key: 'eventReminder',
    group: 'proactive',
    label: 'Event reminder (inside the 24-hour window)',
    help: '{title} {startsIn} {start} {place}; how to stop it is always added',
  },
  {
    key: 'weeklyDigest',
    group: 'proactive',
    label: 'Weekly digest (inside the 24-hour window)',
    help: '{community} {events}; how to stop it is always added',
  },
  { key: 'mediaUnsupported', group: 'media', label: 'Attachment not handled', help: '{what} {handled}' },
  {
    key: 'picturesNotUnderstood',
    group: 'media',
    label: 'Pictures not understood',
    help: 'When the model does not see images',
  },
  { key: 'voiceTooLong', group: 'media', label: 'Voice note too long', help: '{minutes}' },
  {
    key: 'voiceUnreadable',
    group: 'media',
    label: 'Voice note unreadable',
    help: 'A file whose length cannot be measured (damaged or forged)',
  },
  {
    key: 'voiceBudget',
    group: 'media',
    label: 'Voice notes: daily budget used',
    help: '{minutes}: the budget per member',
  },
  { key: 'voiceEmpty', group: 'media', label: 'Voice note without words', help: '' },
  { key: 'mediaTooLarge', group: 'media', label: 'Attachment too large', help: '{limit}' },
  { key: 'mediaRefused', group: 'media', label: 'Attachment refused', help: '{handled}' },
  {
    key: 'voiceNotConfigured',
    group: 'media',
    label: 'Transcription not set up',
    help: 'No usable transcription endpoint',
  },
  {
    key: 'voiceFailed',
    group: 'media',
    label: 'Voice note not transcribed',
    help: 'When transcription fails',
  },
  {
    key: 'mediaUnavailable',
    group: 'media',
    label: 'Attachment not fetched',
    help: 'When the download fails',
  },
  {
    key: 'handoffRequested',
    group: 'handoff',
    label: 'A person was asked for',
    help: 'Told once, when the member or the assistant asks for a community manager: name your office hours. {backWord}',
  },
  {
    key: 'handoffPending',
    group: 'handoff',
    label: 'Still waiting for a person',
    help: 'To a repeated request. {backWord}',
  },
  {
    key: 'handoffEnded',
    group: 'handoff',
    label: 'Back with the assistant',
    help: 'After Resolve or the member’s BOT. {requestWord}',
  },
  {
    key: 'handoffTimedOut',
    group: 'handoff',
    label: 'No manager answered in time',
    help: 'The automatic hand-back. {hours} {requestWord}',
  },
  {
    key: 'managerReply',
    group: 'handoff',
    label: 'A manager’s reply',
    help: 'How the member sees it. {name} {text}',
  },
];

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
  const [filter, setFilter] = useState('');
  const texts = view[language] ?? {};
  // A reply is found by its label, its placeholders or its text, in the language shown.
  const needle = filter.trim().toLowerCase();
  const shown = MESSAGES.filter(({ key }) => key in texts).map((message) => ({
    ...message,
    label: t(`settings.messages.${message.key}`, message.label),
  }));
  const matching = shown.filter(
    ({ key, label, help }) =>
      !needle ||
      [label, help, values[language]?.[key] ?? ''].some((text) => text.toLowerCase().includes(needle))
  );

  return (
    <SettingsSection
      testId="section-messages"
      title={t('settings.messages.title', 'Messages')}
      description={t(
        'settings.messages.description',
        'The fixed replies, sent without the AI model, in the member’s language. Empty a text to restore its default; {placeholders} are filled in when sent. Command words (HELP, UNLINK, STOP…) stay English in every language.'
      )}
    >
      <Flex gap={4} paddingBottom={2} alignItems="flex-end" wrap="wrap">
        <Box minWidth="240px">
          <Field.Root name="messages.language">
            <Field.Label>{t('settings.messages.language', 'Language')}</Field.Label>
            <SingleSelect value={language} onChange={(value) => setLanguage(String(value))}>
              {languages.map((code) => (
                <SingleSelectOption key={code} value={code}>
                  {LANGUAGE_NAMES[code as keyof typeof LANGUAGE_NAMES] ?? code}
                </SingleSelectOption>
              ))}
            </SingleSelect>
          </Field.Root>
        </Box>
        <Box minWidth="320px">
          <Field.Root name="messages.filter">
            <Field.Label>{t('settings.messages.filter', 'Find a reply')}</Field.Label>
            <TextInput
              value={filter}
              onChange={(event: React.ChangeEvent<HTMLInputElement>) => setFilter(event.target.value)}
              placeholder={t('settings.messages.filterPlaceholder', 'A word of its name or text')}
              data-testid="messages-filter"
            />
          </Field.Root>
        </Box>
      </Flex>
      {matching.length === 0 ? (
        <Typography textColor="neutral600" data-testid="messages-none">
          {t('settings.messages.none', 'No reply matches.')}
        </Typography>
      ) : null}
      {(Object.keys(GROUPS) as Group[]).map((group) => {
        const inGroup = matching.filter((message) => message.group === group);
        if (inGroup.length === 0) return null;
        return (
          <Flex
            key={group}
            direction="column"
            alignItems="stretch"
            gap={3}
            data-testid={`messages-group-${group}`}
          >
            <Typography variant="sigma" textColor="neutral600" tag="h3">
              {t(`settings.messages.groups.${group}`, GROUPS[group])}
            </Typography>
            <Grid.Root gap={5}>
              {inGroup.map(({ key, label, help }) => (
                <Grid.Item key={`${language}.${key}`} col={6} s={12} direction="column" alignItems="stretch">
                  <TextSetting
                    name={`messages.${language}.${key}`}
                    label={label}
                    source={texts[key].source}
                    value={values[language]?.[key] ?? ''}
                    onChange={(value) => onChange(language, key, value)}
                    error={errors[`messages.${language}.${key}`]}
                    readOnly={readOnly}
                    help={
                      help ? `${t('settings.messages.placeholders', 'Placeholders:')} ${help}` : undefined
                    }
                    multiline
                  />
                </Grid.Item>
              ))}
            </Grid.Root>
          </Flex>
        );
      })}
    </SettingsSection>
  );
};
