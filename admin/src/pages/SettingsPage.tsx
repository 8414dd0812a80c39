import * as React from 'react';
import { Button, Flex } from '@strapi/design-system';
import { Check } from '@strapi/icons';
import { Layouts, Page, useNotification, useRBAC } from '@strapi/strapi/admin';
import { useIntl } from 'react-intl';
import type { SettingsView } from '../../../server/src/admin-api';
import { useApiClient } from '../api/client';
import { useApiQuery } from '../hooks/useApiQuery';
import { PERMISSIONS } from '../permissions';
import { errorMessage, fieldErrors } from '../utils/api-errors';
import { describeFieldErrors, fieldLabel } from '../utils/field-label';
import { getTranslation } from '../utils/getTranslation';
import { actionDraftErrors } from './settings/action-form';
import { ActionsSection } from './settings/ActionsSection';
import { AiSection } from './settings/AiSection';
import { HandoffSection } from './settings/HandoffSection';
import { McpSection } from './settings/McpSection';
import { ManagerScopesSection } from './settings/ManagerScopesSection';
import { MediaSection } from './settings/MediaSection';
import { MessagesSection } from './settings/MessagesSection';
import { PricesSection } from './settings/PricesSection';
import { PrivacySection } from './settings/PrivacySection';
import { formFromView, isEmptyUpdate, updateFromForm, type SettingsForm } from './settings/settings-form';
import { TemplatesSection } from './settings/TemplatesSection';
import { ToolsSection } from './settings/ToolsSection';
import { MetaSection } from './settings/MetaSection';
import { TwilioSection } from './settings/TwilioSection';
import { WebhookSection } from './settings/WebhookSection';

const SettingsEditor = ({ initial }: { initial: SettingsView }) => {
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

  // A field's error goes as soon as the admin edits it; the next save judges it again.
  const clearError = (key: string) =>
    setErrors((previous) => {
      if (!(key in previous)) return previous;
      const { [key]: _cleared, ...rest } = previous;
      return rest;
    });

  const update = React.useMemo(() => updateFromForm(form, view), [form, view]);
  // What cannot even be sent (an action's parameters that are not JSON) keeps Save open, to say so.
  const unsendable = React.useMemo(() => actionDraftErrors(form.actions), [form.actions]);
  const dirty = !isEmptyUpdate(update) || Object.keys(unsendable).length > 0;

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

  const title = t('settings.title', 'WhatsApp agent');

  return (
    <Page.Main aria-busy={saving}>
      <Page.Title>{title}</Page.Title>
      <Layouts.Header
        title={title}
        subtitle={t(
          'settings.subtitle',
          'Connect Twilio and an AI model so members can talk to your community from WhatsApp.'
        )}
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
        <Flex direction="column" alignItems="stretch" gap={6}>
          <TwilioSection
            view={view.twilio}
            values={form.twilio}
            onChange={(key, value) => {
              clearError(`twilio.${key}`);
              setForm((previous) => ({ ...previous, twilio: { ...previous.twilio, [key]: value } }));
            }}
            errors={errors}
            readOnly={readOnly}
            dirty={dirty}
          />
          <MetaSection
            view={view.meta}
            values={form.meta}
            onChange={(key, value) => {
              clearError(`meta.${key}`);
              setForm((previous) => ({ ...previous, meta: { ...previous.meta, [key]: value } }));
            }}
            errors={errors}
            readOnly={readOnly}
            dirty={dirty}
          />
          {/* Rotating changes only the webhook; edits in progress elsewhere stay. */}
          <WebhookSection
            webhook={view.webhook}
            readOnly={readOnly}
            onRotated={(next) => next && setView(next)}
          />
          <AiSection
            view={view.ai}
            values={form.ai}
            onChange={(key, value) => {
              clearError(`ai.${key}`);
              setForm((previous) => ({ ...previous, ai: { ...previous.ai, [key]: value } }));
            }}
            errors={errors}
            readOnly={readOnly}
            dirty={dirty}
          />
          <MediaSection
            view={view.media}
            values={form.media}
            onChange={(key, value) => {
              clearError(`media.${key}`);
              setForm((previous) => ({ ...previous, media: { ...previous.media, [key]: value } }));
            }}
            errors={errors}
            readOnly={readOnly}
            dirty={dirty}
          />
          <PrivacySection
            view={view.privacy}
            values={form.privacy}
            onChange={(retentionDays) => {
              clearError('privacy.retentionDays');
              setForm((previous) => ({ ...previous, privacy: { retentionDays } }));
            }}
            errors={errors}
            readOnly={readOnly}
          />
          <PricesSection
            view={view.prices}
            values={form.prices}
            onChange={(key, value) => {
              clearError(`prices.${key}`);
              setForm((previous) => ({ ...previous, prices: { ...previous.prices, [key]: value } }));
            }}
            modelPricesSource={view.modelPrices.source}
            modelPrices={form.modelPrices}
            onModelPricesChange={(modelPrices) => setForm((previous) => ({ ...previous, modelPrices }))}
            transcriptionPricesSource={view.transcriptionPrices.source}
            transcriptionPrices={form.transcriptionPrices}
            onTranscriptionPricesChange={(transcriptionPrices) =>
              setForm((previous) => ({ ...previous, transcriptionPrices }))
            }
            errors={errors}
            readOnly={readOnly}
          />
          <ToolsSection
            tools={form.tools}
            source={view.tools.source}
            onChange={(tools) => setForm((previous) => ({ ...previous, tools }))}
            errors={errors}
            readOnly={readOnly}
          />
          <ActionsSection
            actions={form.actions}
            source={view.actions.source}
            collections={form.tools.map((tool) => tool.name.trim()).filter(Boolean)}
            onChange={(actions) => setForm((previous) => ({ ...previous, actions }))}
            errors={errors}
            readOnly={readOnly}
          />
          <TemplatesSection
            view={view.templates}
            drafts={form.templates}
            onChange={(purpose, draft) =>
              setForm((previous) => ({ ...previous, templates: { ...previous.templates, [purpose]: draft } }))
            }
            errors={errors}
            readOnly={readOnly}
          />
          <MessagesSection
            view={view.messages}
            values={form.messages}
            onChange={(language, key, value) => {
              clearError(`messages.${language}.${key}`);
              setForm((previous) => ({
                ...previous,
                messages: {
                  ...previous.messages,
                  [language]: { ...previous.messages[language], [key]: value },
                },
              }));
            }}
            errors={errors}
            readOnly={readOnly}
          />
          <HandoffSection
            view={view.handoff}
            values={form.handoff}
            onChange={(key, value) => {
              clearError(`handoff.${key}`);
              setForm((previous) => ({ ...previous, handoff: { ...previous.handoff, [key]: value } }));
            }}
            errors={errors}
            readOnly={readOnly}
          />
          <ManagerScopesSection readOnly={readOnly} />
          <McpSection
            view={view.mcp}
            value={form.mcp.enabled}
            inboundUrl={view.webhook.inboundUrl}
            onChange={(enabled) => {
              clearError('mcp.enabled');
              setForm((previous) => ({ ...previous, mcp: { enabled } }));
            }}
            errors={errors}
            readOnly={readOnly}
          />
        </Flex>
      </Layouts.Content>
    </Page.Main>
  );
};

const SettingsPage = () => {
  const { data, error, isLoading } = useApiQuery((api) => api.getSettings());
  if (isLoading && !data) return <Page.Loading />;
  if (error || !data) return <Page.Error />;
  return <SettingsEditor initial={data} />;
};

const ProtectedSettingsPage = () => (
  <Page.Protect permissions={PERMISSIONS.settingsRead}>
    <SettingsPage />
  </Page.Protect>
);

export default ProtectedSettingsPage;
