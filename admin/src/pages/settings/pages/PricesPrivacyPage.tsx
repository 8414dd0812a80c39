import { useIntl } from 'react-intl';
import { getTranslation } from '../../../utils/getTranslation';
import { PricesSection } from '../PricesSection';
import { PrivacySection } from '../PrivacySection';
import { SettingsSubPage } from '../SettingsSubPage';

/** What the ledger charges per message and per token, and how long conversations are kept. */
const PricesPrivacyPage = () => {
  const { formatMessage } = useIntl();
  return (
    <SettingsSubPage
      page="prices"
      title="Prices and privacy"
      subtitle={formatMessage({
        id: getTranslation('settings.pages.prices.subtitle'),
        defaultMessage: 'The prices the usage page counts with, and how long conversations are kept.',
      })}
    >
      {({ view, form, onFieldChange, onSectionChange, errors, readOnly }) => (
        <>
          <PricesSection
            view={view.prices}
            values={form.prices}
            onChange={onFieldChange('prices')}
            modelPricesSource={view.modelPrices.source}
            modelPrices={form.modelPrices}
            onModelPricesChange={onSectionChange('modelPrices')}
            transcriptionPricesSource={view.transcriptionPrices.source}
            transcriptionPrices={form.transcriptionPrices}
            onTranscriptionPricesChange={onSectionChange('transcriptionPrices')}
            errors={errors}
            readOnly={readOnly}
          />
          <PrivacySection
            view={view.privacy}
            values={form.privacy}
            onChange={onFieldChange('privacy')}
            errors={errors}
            readOnly={readOnly}
          />
        </>
      )}
    </SettingsSubPage>
  );
};

export default PricesPrivacyPage;
