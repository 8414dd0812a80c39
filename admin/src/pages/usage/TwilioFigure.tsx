import { Typography } from '@strapi/design-system';
import { useIntl } from 'react-intl';
import { useApiQuery } from '../../hooks/useApiQuery';
import { errorMessage } from '../../utils/api-errors';
import { getTranslation } from '../../utils/getTranslation';
import { formatMicros } from '../../utils/usage-format';
import { Detail, Tile } from './Tile';

/**
 * What Twilio itself counts for the account in the month, beside what the ledger recorded: a
 * drift means prices in Settings are off, or messages went out that the ledger did not see.
 * Twilio not set up or unreachable is said here and nowhere else: the page stays usable.
 */
export const TwilioFigure = ({ month }: { month: string }) => {
  const { formatMessage, formatNumber, locale } = useIntl();
  const t = (id: string, defaultMessage: string, values?: Record<string, string>) =>
    formatMessage({ id: getTranslation(id), defaultMessage }, values);
  const { data, error, isLoading } = useApiQuery((api) => api.twilioUsage(month), [month]);
  const label = t('usage.twilio', 'Twilio’s own figure (whole account)');

  if (isLoading && !data) return <Tile testId="usage-twilio" label={label} value="…" />;
  if (error || !data) {
    return (
      <Tile testId="usage-twilio" label={label} value="—">
        <Typography variant="pi" textColor="danger600" data-testid="usage-twilio-error">
          {errorMessage(error, t('usage.twilio.failed', 'Twilio’s figure could not be loaded.'))}
        </Typography>
      </Tile>
    );
  }

  const drift = data.twilioMicros - data.ledgerTwilioMicros;
  const driftText = `${drift > 0 ? '+' : ''}${formatMicros(drift, locale)}${
    data.ledgerTwilioMicros > 0
      ? ` (${drift > 0 ? '+' : ''}${formatNumber(drift / data.ledgerTwilioMicros, { style: 'percent', maximumFractionDigits: 1 })})`
      : ''
  }`;

  return (
    <Tile testId="usage-twilio" label={label} value={formatMicros(data.twilioMicros, locale)}>
      <Detail>
        <span data-testid="usage-twilio-drift" data-drift={drift}>
          {t('usage.twilio.detail', 'Ledger {ledger} · drift {drift}', {
            ledger: formatMicros(data.ledgerTwilioMicros, locale),
            drift: driftText,
          })}
        </span>
      </Detail>
      <Detail>{`${data.account.friendlyName} (${data.account.sid})`}</Detail>
    </Tile>
  );
};
