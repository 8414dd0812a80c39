import { useIntl } from 'react-intl';
import type { Source } from '../../../server/src/admin-api';
import { getTranslation } from '../utils/getTranslation';

/** The hint under a setting: where its value comes from, then the field's own help. */
export const useSourceHint = () => {
  const { formatMessage } = useIntl();
  return (source: Source, help?: string) => {
    const from =
      source === 'environment'
        ? formatMessage({
            id: getTranslation('settings.source.environment'),
            defaultMessage: 'Set by environment',
          })
        : source === 'default'
          ? formatMessage({ id: getTranslation('settings.source.default'), defaultMessage: 'Default' })
          : undefined;
    return [from, help].filter(Boolean).join(' · ') || undefined;
  };
};
