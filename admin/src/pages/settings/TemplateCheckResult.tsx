import { Box, Flex, Status, Typography } from '@strapi/design-system';
import { useIntl } from 'react-intl';
import type { TemplateCheck } from '../../../../server/src/admin-api';
import { getTranslation } from '../../utils/getTranslation';

type Props = { result: TemplateCheck; testId: string };

/** WhatsApp's verdicts by colour: approved can be sent, pending may be soon, the rest cannot. */
const STATUS_VARIANTS: Record<string, 'success' | 'warning' | 'danger' | 'neutral'> = {
  approved: 'success',
  pending: 'warning',
  received: 'warning',
  rejected: 'danger',
  paused: 'danger',
  disabled: 'danger',
  unsubmitted: 'neutral',
};

/** What Twilio answered about a Content SID: the verdict first, then the template's own text. */
export const TemplateCheckResult = ({ result, testId }: Props) => {
  const { formatMessage } = useIntl();
  const t = (id: string, defaultMessage: string) => formatMessage({ id: getTranslation(id), defaultMessage });
  const { template } = result;

  return (
    <Box
      background="neutral100"
      hasRadius
      padding={4}
      data-testid={testId}
      data-ok={String(result.ok)}
      role="status"
    >
      <Flex direction="column" alignItems="stretch" gap={2}>
        {template ? (
          <Flex gap={2} wrap="wrap">
            <Status
              variant={STATUS_VARIANTS[template.approval.status] ?? 'neutral'}
              size="S"
              data-testid={`${testId}-status`}
            >
              <Typography variant="omega" fontWeight="bold">
                {template.approval.status}
              </Typography>
            </Status>
            <Typography variant="pi" textColor="neutral600" data-testid={`${testId}-details`}>
              {formatMessage(
                {
                  id: getTranslation('settings.templates.check.details'),
                  defaultMessage: '{name} · {language} · Meta category: {category}',
                },
                {
                  name: template.friendlyName,
                  language: template.language,
                  category:
                    template.approval.category ?? t('settings.templates.check.noCategory', 'none yet'),
                }
              )}
            </Typography>
          </Flex>
        ) : null}
        <Typography
          variant="pi"
          textColor={result.ok ? 'success600' : 'danger600'}
          data-testid={`${testId}-message`}
        >
          {result.message}
        </Typography>
        {/* Apart only when the verdict does not already give the reason. */}
        {template?.approval.rejectionReason && !result.message.includes(template.approval.rejectionReason) ? (
          <Typography variant="pi" textColor="danger600" data-testid={`${testId}-rejection`}>
            {formatMessage(
              {
                id: getTranslation('settings.templates.check.rejection'),
                defaultMessage: 'Rejected because: {reason}',
              },
              { reason: template.approval.rejectionReason }
            )}
          </Typography>
        ) : null}
        {template ? (
          <Box background="neutral0" hasRadius padding={3} borderColor="neutral200">
            <Typography
              tag="pre"
              variant="omega"
              style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}
              data-testid={`${testId}-body`}
            >
              {template.body}
            </Typography>
          </Box>
        ) : null}
      </Flex>
    </Box>
  );
};
