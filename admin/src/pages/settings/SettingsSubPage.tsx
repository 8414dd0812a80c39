import * as React from 'react';
import { Button, Flex } from '@strapi/design-system';
import { Check } from '@strapi/icons';
import { Layouts, Page, useNotification, useRBAC } from '@strapi/strapi/admin';
import { useIntl } from 'react-intl';
import type { SettingsView } from '../../../../server/src/admin-api';
import { useApiClient } from '../../api/client';
import { useApiQuery } from '../../hooks/useApiQuery';
import { PERMISSIONS } from '../../permissions';
import { errorMessage, fieldErrors } from '../../utils/api-errors';
import { describeFieldErrors, fieldLabel } from '../../utils/field-label';
import { getTranslation } from '../../utils/getTranslation';
import { actionDraftErrors } from './action-form';
import { formFromView, isEmptyUpdate, updateFromForm, type SettingsForm } from './settings-form';

/** What a sub-page's sections get: the saved view, the form, and how to change either. */
export type SubPageProps = {
  view: SettingsView;
  setView: (view: SettingsView) => void;
  form: SettingsForm;
  /** Changes one section of the form and forgets the error of the field that changed. */
  setSection: <Section extends keyof SettingsForm>(
    section: Section,
    change: (previous: SettingsForm[Section]) => SettingsForm[Section],
    changedPath?: string
  ) => void;
  /** The `onChange(key, value)` of a section's fields: sets `<section>.<key>` and forgets its error. */
  onFieldChange: (section: keyof SettingsForm) => (key: string, value: unknown) => void;
  /** The `onChange(value)` of a section edited as a whole (a list of tools, a price table). */
  onSectionChange: <Section extends keyof SettingsForm>(
    section: Section
  ) => (value: SettingsForm[Section]) => void;
  errors: Record<string, string>;
  readOnly: boolean;
  dirty: boolean;
};

type Props = {
  /** Its translation key under settings.pages and its English title. */
  page: string;
  title: string;
  subtitle: string;
  children: (props: SubPageProps) => React.ReactNode;
};

const Editor = ({
  initial,
  page,
  title,
  subtitle,
  children,
}: Omit<Props, 'title'> & { initial: SettingsView; title: string }) => {
  const { formatMessage, messages } = useIntl();
  const t = (id: string, defaultMessage: string) => formatMessage({ id: getTranslation(id), defaultMessage });
  const api = useApiClient();
  const { toggleNotification } = useNotification();
  const { allowedActions, isLoading: isLoadingPermissions } = useRBAC(PERMISSIONS.settingsUpdate);
  const readOnly = isLoadingPermissions || !allowedActions.canUpdate;

  const [view, setView] = React.useState(initial);
  const [form, setForm] = React.useState<SettingsForm>(() => formFromView(initial));
  const [errors, setErrors] = React.useState<Record<string, string>>({});
  const [saving, setSaving] = React.useState(false);

  // Each page edits only its own sections, so the difference from the saved view — what Save
  // sends — holds only this page's fields: the other pages' edits are theirs to save.
  const update = React.useMemo(() => updateFromForm(form, view), [form, view]);
  // What cannot even be sent (an action's parameters that are not JSON) keeps Save open, to say so.
  const unsendable = React.useMemo(() => actionDraftErrors(form.actions), [form.actions]);
  const dirty = !isEmptyUpdate(update) || Object.keys(unsendable).length > 0;

  const setSection: SubPageProps['setSection'] = (section, change, changedPath) => {
    // A field's error goes as soon as the admin edits it; the next save judges it again.
    if (changedPath)
      setErrors((previous) => {
        if (!(changedPath in previous)) return previous;
        const { [changedPath]: _cleared, ...rest } = previous;
        return rest;
      });
    setForm((previous) => ({ ...previous, [section]: change(previous[section]) }));
  };

  const onFieldChange: SubPageProps['onFieldChange'] = (section) => (key, value) =>
    setSection(
      section,
      (previous) => ({ ...previous, [key]: value }) as typeof previous,
      `${section}.${key}`
    );
  const onSectionChange: SubPageProps['onSectionChange'] = (section) => (value) =>
    setSection(section, () => value);

  const save = async () => {
    if (Object.keys(unsendable).length > 0) {
      setErrors(unsendable);
      toggleNotification({
        type: 'danger',
        message: t(
          'settings.actions.invalidJson',
          'An action’s parameters are not valid JSON: fix them first.'
        ),
      });
      return;
    }
    setSaving(true);
    try {
      const saved = await api.updateSettings(update);
      // Nothing comes back to an admin who lost "Read settings" since the page opened.
      if (saved) {
        setView(saved);
        setForm(formFromView(saved));
      }
      setErrors({});
      toggleNotification({ type: 'success', message: t('settings.saved', 'Settings saved') });
    } catch (error) {
      const fields = fieldErrors(error);
      setErrors(fields);
      // Fields at fault by their labels ("SMS number: …"), not the server's paths ("twilio.smsNumber").
      const label = (path: string) =>
        fieldLabel(path, (key) => {
          const text = messages[getTranslation(key)];
          return typeof text === 'string' ? text : undefined;
        });
      toggleNotification({
        type: 'danger',
        message:
          Object.keys(fields).length > 0
            ? describeFieldErrors(fields, label)
            : errorMessage(error, t('settings.saveFailed', 'The settings were not saved.')),
      });
    } finally {
      setSaving(false);
    }
  };

  return (
    <Page.Main aria-busy={saving}>
      <Page.Title>{`${t('settings.title', 'WhatsApp agent')} · ${title}`}</Page.Title>
      <Layouts.Header
        title={title}
        subtitle={subtitle}
        primaryAction={
          readOnly ? undefined : (
            <Button
              startIcon={<Check />}
              onClick={save}
              loading={saving}
              disabled={!dirty}
              size="S"
              data-testid="settings-save"
            >
              {formatMessage({ id: 'global.save', defaultMessage: 'Save' })}
            </Button>
          )
        }
      />
      <Layouts.Content>
        <Flex direction="column" alignItems="stretch" gap={6} data-testid={`settings-page-${page}`}>
          {children({
            view,
            setView,
            form,
            setSection,
            onFieldChange,
            onSectionChange,
            errors,
            readOnly,
            dirty,
          })}
        </Flex>
      </Layouts.Content>
    </Page.Main>
  );
};

const Loader = (props: Props) => {
  const { formatMessage } = useIntl();
  const { data, error, isLoading } = useApiQuery((api) => api.getSettings());
  if (isLoading && !data) return <Page.Loading />;
  if (error || !data) return <Page.Error />;
  return (
    <Editor
      {...props}
      initial={data}
      title={formatMessage({
        id: getTranslation(`settings.pages.${props.page}`),
        defaultMessage: props.title,
      })}
    />
  );
};

/**
 * One page of Settings → WhatsApp agent, as Strapi's own plugins split theirs (one link per
 * page in the settings menu): the settings read once, the page's sections, its own Save.
 */
export const SettingsSubPage = (props: Props) => (
  <Page.Protect permissions={PERMISSIONS.settingsRead}>
    <Loader {...props} />
  </Page.Protect>
);
