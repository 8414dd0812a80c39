import type * as React from 'react';
import {
  Box,
  Button,
  Field,
  Flex,
  Grid,
  SingleSelect,
  SingleSelectOption,
  TextInput,
  Typography,
} from '@strapi/design-system';
import { useIntl } from 'react-intl';
import type { TemplatePurpose, TemplateView } from '../../../../server/src/admin-api';
import { useSourceHint } from '../../hooks/useSourceHint';
import { useTemplateCheck } from '../../hooks/useTemplateCheck';
import { getTranslation } from '../../utils/getTranslation';
import { emptyTemplateDraft, type TemplateDraft } from './template-form';
import { TemplateCheckButton } from './TemplateCheckButton';
import { TemplateCheckResult } from './TemplateCheckResult';
import { TemplateTranslations } from './TemplateTranslations';
import { TemplateVariables } from './TemplateVariables';

type Props = {
  purpose: TemplatePurpose;
  view: TemplateView;
  draft: TemplateDraft;
  onChange: (draft: TemplateDraft) => void;
  errors: Record<string, string>;
  readOnly: boolean;
};

const PURPOSES: Record<TemplatePurpose, { title: string; help: string }> = {
  eventReminder: {
    title: 'Event reminder',
    help: 'Before an event the member said they are going to, when they opted in to reminders.',
  },
  weeklyDigest: {
    title: 'Weekly digest',
    help: 'The week’s events of their communities, to members who opted in to the digest.',
  },
  reengagement: {
    title: 'Re-engagement',
    help: 'Stands in for a reply that finds the window closed (the member wrote more than 24 hours before): they answer it to get the reply.',
  },
};

/**
 * One purpose's approved template: its Content SID, Meta category, where each {{n}} comes from,
 * and the same template in other languages.
 */
export const TemplateCard = ({ purpose, view, draft, onChange, errors, readOnly }: Props) => {
  const { formatMessage } = useIntl();
  const t = (id: string, defaultMessage: string) => formatMessage({ id: getTranslation(id), defaultMessage });
  const sourceHint = useSourceHint();
  const path = `templates.${purpose}`;
  const testId = `template-${purpose}`;
  const { check, checking, run, clear } = useTemplateCheck(
    t('settings.templates.check.failed', 'The check failed.')
  );
  const contentSid = draft.contentSid.trim();

  return (
    <Box padding={4} hasRadius borderColor="neutral200" background="neutral100" data-testid={testId}>
      <Flex direction="column" alignItems="stretch" gap={4}>
        <Flex justifyContent="space-between" alignItems="flex-start" gap={4}>
          <Flex direction="column" alignItems="flex-start" gap={1}>
            <Typography variant="omega" fontWeight="bold" tag="h3">
              {t(`settings.templates.${purpose}`, PURPOSES[purpose].title)}
            </Typography>
            <Typography variant="pi" textColor="neutral600">
              {t(`settings.templates.${purpose}.help`, PURPOSES[purpose].help)}
            </Typography>
          </Flex>
          <Flex gap={2}>
            <TemplateCheckButton
              reference={contentSid}
              checking={checking}
              run={run}
              testId={`${testId}-check`}
            />
            <Button
              variant="tertiary"
              size="S"
              disabled={
                readOnly ||
                (draft.contentSid === '' && draft.variables.length === 0 && draft.translations.length === 0)
              }
              onClick={() => {
                clear();
                onChange(emptyTemplateDraft(view));
              }}
              data-testid={`${testId}-reset`}
            >
              {t('settings.templates.reset', 'Reset')}
            </Button>
          </Flex>
        </Flex>
        {errors[path] ? (
          <Typography variant="pi" textColor="danger600">
            {errors[path]}
          </Typography>
        ) : null}
        <Grid.Root gap={4}>
          <Grid.Item col={8} s={12} direction="column" alignItems="stretch">
            <Field.Root
              name={`${path}.contentSid`}
              error={errors[`${path}.contentSid`]}
              hint={sourceHint(
                view.source,
                t(
                  'settings.templates.contentSid.help',
                  'HX followed by 32 hex characters (Twilio) or name:language (Cloud API); empty: no template'
                )
              )}
            >
              <Field.Label>{t('settings.templates.contentSid', 'Content SID')}</Field.Label>
              <TextInput
                value={draft.contentSid}
                disabled={readOnly}
                placeholder="HX…"
                onChange={(event: React.ChangeEvent<HTMLInputElement>) => {
                  clear();
                  onChange({ ...draft, contentSid: event.target.value });
                }}
                data-testid={`setting-${path}.contentSid`}
              />
              <Field.Hint />
              <Field.Error />
            </Field.Root>
          </Grid.Item>
          <Grid.Item col={4} s={12} direction="column" alignItems="stretch">
            <Field.Root
              name={`${path}.category`}
              error={errors[`${path}.category`]}
              hint={t(
                'settings.templates.category.help',
                'As Meta approved it: it sets the price per message'
              )}
            >
              <Field.Label>{t('settings.templates.category', 'Meta category')}</Field.Label>
              <SingleSelect
                value={draft.category}
                onChange={(value) =>
                  onChange({ ...draft, category: value === 'marketing' ? 'marketing' : 'utility' })
                }
                disabled={readOnly}
                data-testid={`setting-${path}.category`}
              >
                <SingleSelectOption value="utility">
                  {t('settings.templates.category.utility', 'Utility')}
                </SingleSelectOption>
                <SingleSelectOption value="marketing">
                  {t('settings.templates.category.marketing', 'Marketing')}
                </SingleSelectOption>
              </SingleSelect>
              <Field.Hint />
              <Field.Error />
            </Field.Root>
          </Grid.Item>
        </Grid.Root>
        <TemplateVariables
          path={path}
          testId={testId}
          variables={draft.variables}
          sources={view.sources}
          onChange={(variables) => onChange({ ...draft, variables })}
          errors={errors}
          disabled={readOnly}
        />
        {check ? <TemplateCheckResult result={check} testId={`${testId}-check-result`} /> : null}
        <TemplateTranslations
          path={path}
          testId={testId}
          translations={draft.translations}
          onChange={(translations) => onChange({ ...draft, translations })}
          errors={errors}
          disabled={readOnly}
        />
      </Flex>
    </Box>
  );
};
