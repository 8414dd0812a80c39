import type * as React from 'react';
import {
  Field,
  Flex,
  Grid,
  IconButton,
  SingleSelect,
  SingleSelectOption,
  TextInput,
} from '@strapi/design-system';
import { Trash } from '@strapi/icons';
import { useIntl } from 'react-intl';
import { LANGUAGES } from '../../../../server/src/languages/supported';
import { ListEditor } from '../../components/ListEditor';
import { useTemplateCheck } from '../../hooks/useTemplateCheck';
import { getTranslation } from '../../utils/getTranslation';
import { LANGUAGE_NAMES } from '../../utils/language-names';
import { newTranslationDraft, nextTranslationLanguage, type TranslationDraft } from './template-form';
import { TemplateCheckButton } from './TemplateCheckButton';
import { TemplateCheckResult } from './TemplateCheckResult';

type Props = {
  /** "templates.eventReminder": the prefix of the server's error paths. */
  path: string;
  /** "template-eventReminder": the prefix of the rows' test ids. */
  testId: string;
  translations: TranslationDraft[];
  onChange: (translations: TranslationDraft[]) => void;
  errors: Record<string, string>;
  disabled: boolean;
};

type RowProps = {
  row: TranslationDraft;
  index: number;
  taken: TranslationDraft[];
  onChange: (row: TranslationDraft) => void;
  onRemove: () => void;
} & Pick<Props, 'path' | 'testId' | 'errors' | 'disabled'>;

/** One language's reference, with its own Check (WhatsApp approves each language on its own). */
const TranslationRow = ({
  row,
  index,
  taken,
  onChange,
  onRemove,
  path,
  testId,
  errors,
  disabled,
}: RowProps) => {
  const { formatMessage } = useIntl();
  const t = (id: string, defaultMessage: string) => formatMessage({ id: getTranslation(id), defaultMessage });
  const { check, checking, run, clear } = useTemplateCheck(
    t('settings.templates.check.failed', 'The check failed.')
  );
  const rowPath = `${path}.byLanguage.${row.language}`;
  const rowTestId = `${testId}-translation-${index}`;
  const reference = row.reference.trim();

  return (
    <Flex direction="column" alignItems="stretch" gap={2} data-testid={rowTestId}>
      <Grid.Root gap={4}>
        <Grid.Item col={3} s={4} direction="column" alignItems="stretch">
          <Field.Root name={`${rowPath}.language`}>
            <SingleSelect
              aria-label={t('settings.templates.translation.language', 'Language')}
              value={row.language}
              onChange={(value) => {
                const language = LANGUAGES.find((candidate) => candidate === value);
                if (language) onChange({ ...row, language });
              }}
              disabled={disabled}
              data-testid={`${rowTestId}-language`}
            >
              {LANGUAGES.filter(
                (language) => language === row.language || !taken.some((other) => other.language === language)
              ).map((language) => (
                <SingleSelectOption key={language} value={language}>
                  {LANGUAGE_NAMES[language]}
                </SingleSelectOption>
              ))}
            </SingleSelect>
          </Field.Root>
        </Grid.Item>
        <Grid.Item col={6} s={8} direction="column" alignItems="stretch">
          <Field.Root name={rowPath} error={errors[rowPath]}>
            <TextInput
              aria-label={formatMessage(
                {
                  id: getTranslation('settings.templates.translation.reference'),
                  defaultMessage: 'Content SID in {language}',
                },
                { language: LANGUAGE_NAMES[row.language] }
              )}
              value={row.reference}
              placeholder="HX…"
              disabled={disabled}
              onChange={(event: React.ChangeEvent<HTMLInputElement>) => {
                clear();
                onChange({ ...row, reference: event.target.value });
              }}
              data-testid={`${rowTestId}-reference`}
            />
            <Field.Error />
          </Field.Root>
        </Grid.Item>
        <Grid.Item col={3} s={12} direction="row" alignItems="flex-start" gap={2}>
          <TemplateCheckButton
            reference={reference}
            checking={checking}
            run={run}
            testId={`${rowTestId}-check`}
          />
          <IconButton
            label={t('settings.templates.translation.remove', 'Remove this language')}
            variant="ghost"
            disabled={disabled}
            onClick={onRemove}
            data-testid={`${rowTestId}-remove`}
          >
            <Trash />
          </IconButton>
        </Grid.Item>
      </Grid.Root>
      {check ? <TemplateCheckResult result={check} testId={`${rowTestId}-check-result`} /> : null}
    </Flex>
  );
};

/**
 * The purpose's template in other languages: a member who reads one of them gets its reference,
 * everyone else the default above. A translation shares the default's category and variables.
 */
export const TemplateTranslations = ({ path, testId, translations, onChange, errors, disabled }: Props) => {
  const { formatMessage } = useIntl();
  const t = (id: string, defaultMessage: string) => formatMessage({ id: getTranslation(id), defaultMessage });
  const free = nextTranslationLanguage(translations);

  return (
    <ListEditor
      title={t('settings.templates.translations', 'Other languages')}
      help={t(
        'settings.templates.translations.help',
        'WhatsApp approves a template in one language. Add the same template approved in another language: members who read it (their profile’s language, else the one they last wrote in) get that one, everyone else the template above. Same category and variables.'
      )}
      rows={translations}
      onChange={onChange}
      renderRow={(row, index, { change, remove }) => (
        <TranslationRow
          row={row}
          index={index}
          taken={translations}
          onChange={change}
          onRemove={remove}
          path={path}
          testId={testId}
          errors={errors}
          disabled={disabled}
        />
      )}
      addLabel={t('settings.templates.translations.add', 'Add a language')}
      newRow={free ? () => newTranslationDraft(free) : undefined}
      addTestId={`${testId}-translations-add`}
      disabled={disabled}
    />
  );
};
