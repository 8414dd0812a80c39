import { Grid } from '@strapi/design-system';
import { useIntl } from 'react-intl';
import type { SettingsView } from '../../../../server/src/admin-api';
import { NumberSetting } from '../../components/NumberSetting';
import { SettingsSection } from '../../components/SettingsSection';
import { getTranslation } from '../../utils/getTranslation';
import type { SettingsForm } from './settings-form';

type Props = {
  view: SettingsView['privacy'];
  values: SettingsForm['privacy'];
  onChange: (retentionDays: number | undefined) => void;
  errors: Record<string, string>;
  readOnly: boolean;
};

/** How long members' message texts are kept (unlinking erases them at once). */
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
      <Grid.Root gap={4}>
        <Grid.Item col={4} s={12} direction="column" alignItems="stretch">
          <NumberSetting
            name="privacy.retentionDays"
            label={t('settings.privacy.retentionDays', 'Keep message texts (days)')}
            source={view.retentionDays.source}
            value={values.retentionDays}
            onChange={onChange}
            error={errors['privacy.retentionDays']}
            readOnly={readOnly}
            help={t('settings.privacy.retentionDays.help', '1–3650; default 30')}
          />
        </Grid.Item>
      </Grid.Root>
    </SettingsSection>
  );
};
