import type * as React from 'react';
import { Field, Grid, SingleSelect, SingleSelectOption, Toggle } from '@strapi/design-system';
import { useIntl } from 'react-intl';
import type { ManagerNameShown, SettingsView } from '../../../../server/src/admin-api';
import { NumberSetting } from '../../components/NumberSetting';
import { SettingsSection } from '../../components/SettingsSection';
import { TextSetting } from '../../components/TextSetting';
import { useSourceHint } from '../../hooks/useSourceHint';
import { getTranslation } from '../../utils/getTranslation';
import type { HandoffForm } from './handoff-form';

const MANAGER_NAMES: ManagerNameShown[] = ['firstName', 'fullName', 'team'];

type Props = {
  view: SettingsView['handoff'];
  values: HandoffForm;
  onChange: <K extends keyof HandoffForm>(key: K, value: HandoffForm[K]) => void;
  errors: Record<string, string>;
  readOnly: boolean;
};

/**
 * People in the loop: the members' words for a person and for the assistant, when the assistant
 * takes a conversation back by itself, the managers' emails, and the name members see. The
 * member's fixed replies (the office hours) are under Messages; who manages which community
 * under Community managers.
 */
export const HandoffSection = ({ view, values, onChange, errors, readOnly }: Props) => {
  const { formatMessage } = useIntl();
  const t = (id: string, defaultMessage: string) => formatMessage({ id: getTranslation(id), defaultMessage });
  const sourceHint = useSourceHint();
  const words = (key: 'requestWords' | 'backWords', label: string, help: string) => (
    <TextSetting
      name={`handoff.${key}`}
      label={label}
      source={view[key].source}
      value={values[key]}
      onChange={(value) => onChange(key, value)}
      error={errors[`handoff.${key}`]}
      readOnly={readOnly}
      help={help}
    />
  );
  return (
    <SettingsSection
      title={t('settings.handoff.title', 'People in the loop')}
      testId="settings-handoff"
      description={t(
        'settings.handoff.subtitle',
        'A member asks for a community manager; the assistant stays silent until the conversation is handed back. The reply naming your office hours is under Messages.'
      )}
    >
      <Grid.Root gap={4}>
        <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
          {words(
            'requestWords',
            t('settings.handoff.requestWords', 'Words that ask for a person'),
            t(
              'settings.handoff.requestWords.help',
              'Comma-separated, any case; a message of just one of them'
            )
          )}
        </Grid.Item>
        <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
          {words(
            'backWords',
            t('settings.handoff.backWords', 'Words that go back to the assistant'),
            t('settings.handoff.backWords.help', 'Comma-separated, any case')
          )}
        </Grid.Item>
        <Grid.Item col={4} s={12} direction="column" alignItems="stretch">
          <NumberSetting
            name="handoff.timeoutHours"
            label={t('settings.handoff.timeoutHours', 'Hand back after (hours without a reply)')}
            source={view.timeoutHours.source}
            value={values.timeoutHours}
            onChange={(value) => onChange('timeoutHours', value)}
            error={errors['handoff.timeoutHours']}
            readOnly={readOnly}
            help={t('settings.handoff.timeoutHours.help', 'Up to 720; default 24; the member is told')}
          />
        </Grid.Item>
        <Grid.Item col={4} s={12} direction="column" alignItems="stretch">
          <Field.Root
            name="handoff.emailManagers"
            error={errors['handoff.emailManagers']}
            hint={sourceHint(
              view.emailManagers.source,
              t(
                'settings.handoff.emailManagers.help',
                'To the managers limited to the member’s community, when Strapi’s email plugin is set up'
              )
            )}
          >
            <Field.Label>{t('settings.handoff.emailManagers', 'Email managers on a request')}</Field.Label>
            <Toggle
              checked={values.emailManagers}
              onLabel={t('settings.handoff.on', 'On')}
              offLabel={t('settings.handoff.off', 'Off')}
              disabled={readOnly || view.emailManagers.source === 'environment'}
              onChange={(event: React.ChangeEvent<HTMLInputElement>) =>
                onChange('emailManagers', event.target.checked)
              }
              data-testid="setting-handoff.emailManagers"
            />
            <Field.Hint />
            <Field.Error />
          </Field.Root>
        </Grid.Item>
        <Grid.Item col={4} s={12} direction="column" alignItems="stretch">
          <Field.Root
            name="handoff.managerName"
            error={errors['handoff.managerName']}
            hint={sourceHint(view.managerName.source)}
          >
            <Field.Label>{t('settings.handoff.managerName', 'Members see the manager’s')}</Field.Label>
            <SingleSelect
              value={values.managerName}
              onChange={(value) =>
                onChange('managerName', MANAGER_NAMES.find((option) => option === value) ?? 'firstName')
              }
              disabled={readOnly || view.managerName.source === 'environment'}
              data-testid="setting-handoff.managerName"
            >
              {MANAGER_NAMES.map((option) => (
                <SingleSelectOption key={option} value={option}>
                  {t(
                    `settings.handoff.managerName.${option}`,
                    { firstName: 'First name', fullName: 'Full name', team: 'Only “community team”' }[option]
                  )}
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
