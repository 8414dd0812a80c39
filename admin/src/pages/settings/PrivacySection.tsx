import { useIntl } from 'react-intl';
import type { SettingsView } from '../../../../server/src/admin-api';
import { SettingsSection } from '../../components/SettingsSection';
import { getTranslation } from '../../utils/getTranslation';
import { PlainFields } from './PlainFields';
import type { SettingsForm } from './settings-form';

type Props = {
  view: SettingsView['privacy'];
  values: SettingsForm['privacy'];
  onChange: (name: string, value: unknown) => void;
  errors: Record<string, string>;
  readOnly: boolean;
};

/** How long members' message texts are kept (unlinking erases them at once): plain fields only. */
export const PrivacySection = ({ view, values, onChange, errors, readOnly }: Props) => {
  const { formatMessage } = useIntl();
  const t = (id: string, defaultMessage: string) => formatMessage({ id: getTranslation(id), defaultMessage });
  return (
    <SettingsSection
      title={t('settings.privacy.title', 'Privacy')}
      testId="settings-privacy"
      description={t(
        'settings.privacy.subtitle',
        'Texts of answered messages are erased after this many days; unlinking erases them at once. Counts and costs stay.'
      )}
    >
      <PlainFields
        section="privacy"
        view={view}
        values={values}
        onChange={onChange}
        errors={errors}
        readOnly={readOnly}
      />
    </SettingsSection>
  );
};
