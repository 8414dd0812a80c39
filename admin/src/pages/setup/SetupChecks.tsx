import { Badge, Box, Flex, Typography } from '@strapi/design-system';
import { useIntl } from 'react-intl';
import type { SetupCheck } from '../../../../server/src/admin-api';
import { getTranslation } from '../../utils/getTranslation';

/** Each check's title, in the order an admin sets things up (the server's ids). */
const TITLES: Record<string, string> = {
  credentials: 'Twilio credentials are valid',
  sender: 'The sender exists and is WhatsApp-enabled',
  webhook: 'Twilio sends incoming messages to this install',
  publicUrl: 'The public URL answers',
  model: 'The model answers',
  toolPermissions: 'Members may read the tools’ collections',
  templates: 'Approved templates for every purpose in use',
  queue: 'The queue is running',
  scheduler: 'The scheduler is running',
};

const BADGES = {
  ok: { label: 'OK', background: 'success100', color: 'success700' },
  fail: { label: 'Fix this', background: 'danger100', color: 'danger700' },
  skipped: { label: 'Not checked', background: 'neutral150', color: 'neutral700' },
} as const;

/** One line per check: green or red, what was found, and (when red) exactly what to do. */
export const SetupChecks = ({ checks }: { checks: SetupCheck[] }) => {
  const { formatMessage } = useIntl();
  const t = (id: string, defaultMessage: string) => formatMessage({ id: getTranslation(id), defaultMessage });
  return (
    <Flex direction="column" alignItems="stretch" gap={3} data-testid="setup-checks">
      {checks.map((check) => {
        const badge = BADGES[check.status];
        return (
          <Box
            key={check.id}
            background="neutral0"
            hasRadius
            shadow="tableShadow"
            padding={4}
            data-testid={`setup-check-${check.id}`}
            data-status={check.status}
          >
            <Flex justifyContent="space-between" gap={4}>
              <Typography variant="delta" tag="h2">
                {t(`setup.check.${check.id}`, TITLES[check.id] ?? check.id)}
              </Typography>
              <Badge backgroundColor={badge.background} textColor={badge.color}>
                {t(`setup.status.${check.status}`, badge.label)}
              </Badge>
            </Flex>
            <Box paddingTop={2}>
              <Typography textColor="neutral700">{check.detail}</Typography>
            </Box>
            {check.fix ? (
              <Box paddingTop={2}>
                <Typography
                  textColor={check.status === 'fail' ? 'danger600' : 'neutral600'}
                  data-testid={`setup-fix-${check.id}`}
                >
                  {check.fix}
                </Typography>
              </Box>
            ) : null}
          </Box>
        );
      })}
    </Flex>
  );
};
