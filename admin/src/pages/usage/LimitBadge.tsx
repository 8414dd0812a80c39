import { Badge, Flex, Typography } from '@strapi/design-system';
import { useIntl } from 'react-intl';
import type { LimitState } from '../../../../server/src/admin-api';
import { getTranslation } from '../../utils/getTranslation';
import { formatMicros } from '../../utils/usage-format';

/** "Near limit" from 80 % on, "Limit reached" once members get the over-limit reply; nothing below. */
export const LimitBadge = ({ limit }: { limit: LimitState }) => {
  const { formatMessage } = useIntl();
  if (limit.state === 'ok') return null;
  return limit.state === 'reached' ? (
    <Badge variant="danger" size="S" data-testid="limit-badge" data-state="reached">
      {formatMessage({ id: getTranslation('usage.limit.reached'), defaultMessage: 'Limit reached' })}
    </Badge>
  ) : (
    <Badge variant="warning" size="S" data-testid="limit-badge" data-state="near">
      {formatMessage({ id: getTranslation('usage.limit.near'), defaultMessage: 'Near limit' })}
    </Badge>
  );
};

/** Where a community stands against its plan: "42 of 50 turns · 84 %", with its badge. */
export const LimitSummary = ({ limit }: { limit: LimitState }) => {
  const { formatMessage, formatNumber, locale } = useIntl();
  const t = (id: string, defaultMessage: string, values?: Record<string, string | number>) =>
    formatMessage({ id: getTranslation(id), defaultMessage }, values);
  const percent = limit.percent === null ? '' : ` · ${formatNumber(limit.percent)} %`;
  const text =
    limit.unit === null || limit.max === null
      ? t('usage.limit.none', 'No limit')
      : limit.unit === 'turns'
        ? t('usage.limit.turns', '{used} of {max} turns', {
            used: formatNumber(limit.used),
            max: formatNumber(limit.max),
          }) + percent
        : t('usage.limit.micros', '{used} of {max} cap', {
            used: formatMicros(limit.used, locale),
            max: formatMicros(limit.max, locale),
          }) + percent;

  return (
    <Flex gap={2} wrap="wrap" data-testid="limit" data-percent={limit.percent ?? ''}>
      <Typography variant="pi" textColor="neutral600">
        {text}
      </Typography>
      <LimitBadge limit={limit} />
    </Flex>
  );
};
