import type * as React from 'react';
import { useIntl } from 'react-intl';
import { getTranslation } from '../../../utils/getTranslation';
import { PROVIDER_NAMES, PROVIDER_SECTIONS, type ProviderSectionProps } from '../provider-sections';
import { SettingsSubPage } from '../SettingsSubPage';
import { WebhookSection } from '../WebhookSection';

/** The providers' credentials, each provider's own card, and the webhook they call. */
const ConnectionPage = () => {
  const { formatMessage } = useIntl();
  return (
    <SettingsSubPage
      page="connection"
      title="Connection"
      subtitle={formatMessage({
        id: getTranslation('settings.subtitle'),
        defaultMessage: 'Connect Twilio and an AI model so members can talk to your community from WhatsApp.',
      })}
    >
      {({ view, setView, form, onFieldChange, errors, readOnly, dirty }) => (
        <>
          {PROVIDER_NAMES.map((name) => {
            // One provider at a time: its card gets its own section of the view and the form.
            const Section = PROVIDER_SECTIONS[name] as React.ComponentType<ProviderSectionProps<typeof name>>;
            return (
              <Section
                key={name}
                view={view[name]}
                values={form[name]}
                onChange={onFieldChange(name)}
                errors={errors}
                readOnly={readOnly}
                dirty={dirty}
              />
            );
          })}
          {/* Rotating changes only the webhook; edits in progress elsewhere stay. */}
          <WebhookSection
            webhook={view.webhook}
            readOnly={readOnly}
            onRotated={(next) => next && setView(next)}
          />
        </>
      )}
    </SettingsSubPage>
  );
};

export default ConnectionPage;
