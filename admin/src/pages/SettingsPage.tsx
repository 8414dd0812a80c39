import { Box, Typography } from '@strapi/design-system';
import { Layouts, Page } from '@strapi/strapi/admin';
import { useIntl } from 'react-intl';
import { getTranslation } from '../utils/getTranslation';

const SettingsPage = () => {
  const { formatMessage } = useIntl();
  const title = formatMessage({ id: getTranslation('settings.title'), defaultMessage: 'WhatsApp agent' });

  return (
    <Page.Main>
      <Page.Title>{title}</Page.Title>
      <Layouts.Header
        title={title}
        subtitle={formatMessage({
          id: getTranslation('settings.subtitle'),
          defaultMessage: 'Connect Twilio and an AI model so members can talk to your community from WhatsApp.',
        })}
      />
      <Layouts.Content>
        <Box background="neutral0" padding={6} shadow="filterShadow" hasRadius>
          <Typography tag="p">
            {formatMessage({
              id: getTranslation('settings.empty'),
              defaultMessage:
                'Nothing to configure here yet. The plugin reads its Twilio and AI settings from environment variables (see the README).',
            })}
          </Typography>
        </Box>
      </Layouts.Content>
    </Page.Main>
  );
};

export default SettingsPage;
