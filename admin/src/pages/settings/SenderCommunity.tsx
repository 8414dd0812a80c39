import { Field, Flex, SingleSelect, SingleSelectOption, Typography } from '@strapi/design-system';
import { useIntl } from 'react-intl';
import type { CommunityRef } from '../../../../server/src/admin-api';
import { getTranslation } from '../../utils/getTranslation';

/** This file's strings, in the admin's language. */
const useT = () => {
  const { formatMessage } = useIntl();
  return (id: string, defaultMessage: string, values?: Record<string, string>) =>
    formatMessage({ id: getTranslation(id), defaultMessage }, values);
};

/** The select's value for "no community": the design system's select takes no empty value, and no key is this. */
const NONE = ':none';

/** The community's name, its key below; a key no community has any more is said so. */
export const CommunityCell = ({
  community,
  names,
}: {
  community: string | null;
  names: Map<string, string>;
}) => {
  const t = useT();
  if (!community) return <Typography>—</Typography>;
  const name = names.get(community);
  return (
    <Flex direction="column" alignItems="flex-start">
      <Typography>{name ?? community}</Typography>
      <Typography variant="pi" textColor={name === undefined ? 'danger600' : 'neutral600'}>
        {name === undefined ? t('senders.community.gone', 'No community has this key any more') : community}
      </Typography>
    </Flex>
  );
};

/**
 * The sender's community, picked by name from the host's communities (its key beside it, the
 * value saved), or none. A stored key that no community has any more stays selected and is
 * named as such, so that the admin sees why and picks another.
 */
export const CommunityField = ({
  value,
  communities,
  error,
  onChange,
}: {
  value: string;
  communities: CommunityRef[];
  error?: string;
  onChange: (key: string) => void;
}) => {
  const t = useT();
  const none = t('senders.community.none', 'No community (all members)');
  const unknown = (key: string) => t('senders.community.unknown', 'Unknown community ({key})', { key });
  const stale = value !== '' && !communities.some(({ key }) => key === value);
  const labelOf = (selected?: string | number) => {
    if (selected === undefined || selected === NONE) return none;
    const key = String(selected);
    return communities.find((community) => community.key === key)?.name ?? unknown(key);
  };
  return (
    <Field.Root
      name="community"
      error={
        error ??
        (stale
          ? t('senders.community.staleHint', 'No community has this key any more: pick one, or no community.')
          : undefined)
      }
    >
      <Field.Label>{t('senders.community', 'Community')}</Field.Label>
      <SingleSelect
        value={value || NONE}
        customizeContent={labelOf}
        onChange={(selected: string | number) => onChange(selected === NONE ? '' : String(selected))}
      >
        <SingleSelectOption value={NONE}>{none}</SingleSelectOption>
        {stale ? <SingleSelectOption value={value}>{unknown(value)}</SingleSelectOption> : null}
        {communities.map(({ key, name }) => (
          <SingleSelectOption key={key} value={key}>
            {name}{' '}
            <Typography variant="pi" textColor="neutral600">
              {key}
            </Typography>
          </SingleSelectOption>
        ))}
      </SingleSelect>
      <Field.Error />
    </Field.Root>
  );
};
