import { useIntl } from 'react-intl';
import { getTranslation } from '../../../utils/getTranslation';
import { MetaSection } from '../MetaSection';
import { SettingsSubPage } from '../SettingsSubPage';
import { TwilioSection } from '../TwilioSection';
import { WebhookSection } from '../WebhookSection';

/** The providers' credentials and the webhook they call. */
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
      {({ view, setView, form, setSection, errors, readOnly, dirty }) => (
        <>
          <TwilioSection
            view={view.twilio}
            values={form.twilio}
            onChange={(key, value) =>
              setSection('twilio', (previous) => ({ ...previous, [key]: value }), `twilio.${key}`)
            }
            errors={errors}
            readOnly={readOnly}
            dirty={dirty}
          />
          <MetaSection
            view={view.meta}
            values={form.meta}
            onChange={(key, value) =>
              setSection('meta', (previous) => ({ ...previous, [key]: value }), `meta.${key}`)
            }
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
        </>
      )}
    </SettingsSubPage>
  );
};

export default ConnectionPage;
