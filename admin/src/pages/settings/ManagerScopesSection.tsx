import * as React from 'react';
import {
  Button,
  Flex,
  IconButton,
  MultiSelect,
  MultiSelectOption,
  SingleSelect,
  SingleSelectOption,
  Typography,
} from '@strapi/design-system';
import { Check, Plus, Trash } from '@strapi/icons';
import { useNotification } from '@strapi/strapi/admin';
import { useIntl } from 'react-intl';
import type { ManagerScope, ManagerScopesView } from '../../../../server/src/admin-api';
import { useApiClient } from '../../api/client';
import { SettingsSection } from '../../components/SettingsSection';
import { useApiQuery } from '../../hooks/useApiQuery';
import { errorMessage } from '../../utils/api-errors';
import { getTranslation } from '../../utils/getTranslation';

/** A row being edited; `key` keeps React's list identity while rows are removed. */
type ScopeDraft = { key: number; adminUserId: number | undefined; communities: string[] };

let nextKey = 0;
const draftOf = (scope?: ManagerScope): ScopeDraft => ({
  key: (nextKey += 1),
  adminUserId: scope?.adminUserId,
  communities: scope?.communities ?? [],
});

const scopesOf = (drafts: ScopeDraft[]): ManagerScope[] =>
  drafts.flatMap((draft) =>
    draft.adminUserId === undefined
      ? []
      : [{ adminUserId: draft.adminUserId, communities: draft.communities }]
  );

const Editor = ({ initial, readOnly }: { initial: ManagerScopesView; readOnly: boolean }) => {
  const { formatMessage } = useIntl();
  const t = (id: string, defaultMessage: string) => formatMessage({ id: getTranslation(id), defaultMessage });
  const api = useApiClient();
  const { toggleNotification } = useNotification();
  const [saved, setSaved] = React.useState(initial.data);
  const [drafts, setDrafts] = React.useState(() => initial.data.map(draftOf));
  const [saving, setSaving] = React.useState(false);
  const { admins, communities } = initial.meta;
  const dirty = JSON.stringify(scopesOf(drafts)) !== JSON.stringify(saved);
  const change = (key: number, patch: Partial<ScopeDraft>) =>
    setDrafts((previous) => previous.map((draft) => (draft.key === key ? { ...draft, ...patch } : draft)));

  const save = async () => {
    setSaving(true);
    try {
      const next = await api.saveManagerScopes(scopesOf(drafts));
      setSaved(next);
      setDrafts(next.map(draftOf));
      toggleNotification({ type: 'success', message: t('settings.scopes.saved', 'Manager scopes saved') });
    } catch (error) {
      toggleNotification({
        type: 'danger',
        message: errorMessage(error, t('settings.scopes.saveFailed', 'The manager scopes were not saved.')),
      });
    } finally {
      setSaving(false);
    }
  };

  return (
    <SettingsSection
      testId="settings-scopes"
      title={t('settings.scopes.title', 'Community managers')}
      description={t(
        'settings.scopes.description',
        'Limit an admin user to some communities: they see, take over and answer only those conversations, and get the emails of their requests. An admin user not listed here is not limited (and gets no emails).'
      )}
      actions={
        readOnly ? undefined : (
          <>
            <Button
              variant="secondary"
              size="S"
              startIcon={<Plus />}
              onClick={() => setDrafts((previous) => [...previous, draftOf()])}
              data-testid="scopes-add"
            >
              {t('settings.scopes.add', 'Limit an admin user')}
            </Button>
            <Button
              size="S"
              startIcon={<Check />}
              loading={saving}
              disabled={!dirty}
              onClick={save}
              data-testid="scopes-save"
            >
              {t('settings.scopes.save', 'Save scopes')}
            </Button>
          </>
        )
      }
    >
      {drafts.length === 0 ? (
        <Typography variant="pi" textColor="neutral600">
          {t('settings.scopes.none', 'No admin user is limited: every manager sees every community.')}
        </Typography>
      ) : null}
      {drafts.map((draft, index) => {
        const taken = new Set(
          drafts.filter((other) => other.key !== draft.key).map((other) => other.adminUserId)
        );
        return (
          <Flex key={draft.key} gap={2} alignItems="flex-end" data-testid={`scope-${index}`}>
            <SingleSelect
              aria-label={t('settings.scopes.admin', 'Admin user')}
              placeholder={t('settings.scopes.admin', 'Admin user')}
              value={draft.adminUserId === undefined ? '' : String(draft.adminUserId)}
              onChange={(value) => change(draft.key, { adminUserId: Number(value) })}
              disabled={readOnly}
            >
              {admins
                .filter((admin) => !taken.has(admin.id))
                .map((admin) => (
                  <SingleSelectOption key={admin.id} value={String(admin.id)}>
                    {admin.name}
                  </SingleSelectOption>
                ))}
            </SingleSelect>
            <MultiSelect
              aria-label={t('settings.scopes.communities', 'Communities')}
              placeholder={t('settings.scopes.communities', 'Communities')}
              value={draft.communities}
              onChange={(values: string[]) => change(draft.key, { communities: values })}
              withTags
              disabled={readOnly}
            >
              {communities.map((community) => (
                <MultiSelectOption key={community.key} value={community.key}>
                  {community.name}
                </MultiSelectOption>
              ))}
            </MultiSelect>
            <IconButton
              label={t('settings.scopes.remove', 'No longer limit this admin user')}
              onClick={() => setDrafts((previous) => previous.filter((other) => other.key !== draft.key))}
              disabled={readOnly}
            >
              <Trash />
            </IconButton>
          </Flex>
        );
      })}
    </SettingsSection>
  );
};

/**
 * Which communities each admin user manages (People in the loop), saved on its own: it is not
 * part of the settings form, and a scope takes effect on the next request in every process.
 */
export const ManagerScopesSection = ({ readOnly }: { readOnly: boolean }) => {
  const { formatMessage } = useIntl();
  const { data, error } = useApiQuery((api) => api.getManagerScopes());
  if (error)
    return (
      <Typography textColor="danger600">
        {formatMessage({
          id: getTranslation('settings.scopes.loadFailed'),
          defaultMessage: 'The manager scopes could not be loaded.',
        })}
      </Typography>
    );
  return data ? <Editor initial={data} readOnly={readOnly} /> : null;
};
