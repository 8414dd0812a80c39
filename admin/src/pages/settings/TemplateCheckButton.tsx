import { Button } from '@strapi/design-system';
import { useIntl } from 'react-intl';
import { getTranslation } from '../../utils/getTranslation';

type Props = {
  /** The trimmed Content SID (or name:language) to ask about; none leaves nothing to check. */
  reference: string;
  /** From useTemplateCheck: whether this reference's check is under way, and what starts it. */
  checking: boolean;
  run: (reference: string) => void;
  testId: string;
};

/** Check: asks the provider about one template reference, the default's or a language's. */
export const TemplateCheckButton = ({ reference, checking, run, testId }: Props) => {
  const { formatMessage } = useIntl();

  return (
    <Button
      variant="secondary"
      size="S"
      onClick={() => run(reference)}
      loading={checking}
      disabled={!reference}
      data-testid={testId}
    >
      {formatMessage({ id: getTranslation('settings.templates.check'), defaultMessage: 'Check' })}
    </Button>
  );
};
