import * as React from 'react';
import {
  Button,
  Field,
  Grid,
  Modal,
  NumberInput,
  SingleSelect,
  SingleSelectOption,
  Typography,
} from '@strapi/design-system';
import { useNotification } from '@strapi/strapi/admin';
import { useIntl } from 'react-intl';
import type { CommunityRef, Plan } from '../../../../server/src/admin-api';
import { useApiClient } from '../../api/client';
import { errorMessage, fieldErrors } from '../../utils/api-errors';
import { getTranslation } from '../../utils/getTranslation';
import { draftFromPlan, PLAN_KINDS, updateFromDraft, type PlanDraft, type PlanKind } from './plan-form';

type Props = {
  /** The community whose plan is edited; the dialog is open while set. */
  target?: { community: CommunityRef; plan: Plan };
  onClose: () => void;
  onSaved: () => void;
};

type NumberKey = Exclude<keyof PlanDraft, 'kind'>;

/** The server names the margin as it stores it (a fraction); the form shows it in percent. */
const inputOf = (path: string): string => (path === 'margin' ? 'marginPercent' : path);

const PlanForm = ({ target, onSaved }: Required<Pick<Props, 'target' | 'onSaved'>>) => {
  const { formatMessage } = useIntl();
  const t = (id: string, defaultMessage: string, values?: Record<string, string>) =>
    formatMessage({ id: getTranslation(id), defaultMessage }, values);
  const api = useApiClient();
  const { toggleNotification } = useNotification();
  const [draft, setDraft] = React.useState<PlanDraft>(() => draftFromPlan(target.plan));
  const [errors, setErrors] = React.useState<Record<string, string>>({});
  const [saving, setSaving] = React.useState(false);

  const set = (key: NumberKey, value: number | undefined) => {
    setErrors(({ [key]: _cleared, ...rest }) => rest);
    setDraft((previous) => ({ ...previous, [key]: value }));
  };

  const save = async () => {
    const { update, missing } = updateFromDraft(draft);
    if (missing) {
      setErrors(Object.fromEntries(missing.map((key) => [key, t('usage.plan.required', 'Enter a value')])));
      return;
    }
    setSaving(true);
    try {
      await api.updatePlan(target.community.key, update);
      toggleNotification({
        type: 'success',
        message: t('usage.plan.saved', 'Plan of {name} saved', { name: target.community.name }),
      });
      onSaved();
    } catch (error) {
      const byField = fieldErrors(error);
      setErrors(
        Object.fromEntries(Object.entries(byField).map(([path, message]) => [inputOf(path), message]))
      );
      toggleNotification({
        type: 'danger',
        message: errorMessage(error, t('usage.plan.saveFailed', 'The plan was not saved.')),
      });
    } finally {
      setSaving(false);
    }
  };

  const number = (key: NumberKey, label: string, hint?: string) => (
    <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
      <Field.Root name={key} error={errors[key]} hint={hint}>
        <Field.Label>{label}</Field.Label>
        <NumberInput
          name={key}
          value={draft[key]}
          onValueChange={(value: number | undefined) => set(key, value)}
          data-testid={`plan-${key}`}
        />
        <Field.Hint />
        <Field.Error />
      </Field.Root>
    </Grid.Item>
  );

  const kindLabels: Record<PlanKind, string> = {
    free: t('usage.plan.kind.free', 'Free: fair-use turns a month'),
    passthrough: t('usage.plan.kind.passthrough', 'Pass-through: cost plus a margin'),
    flat: t('usage.plan.kind.flat', 'Flat: a monthly fee with fair-use turns'),
  };

  return (
    <Modal.Content data-testid="plan-dialog">
      <Modal.Header>
        <Modal.Title>{t('usage.plan.title', 'Plan of {name}', { name: target.community.name })}</Modal.Title>
      </Modal.Header>
      <Modal.Body>
        <Grid.Root gap={5}>
          <Grid.Item col={12} direction="column" alignItems="stretch">
            <Field.Root name="kind" error={errors.kind}>
              <Field.Label>{t('usage.plan.kind', 'Kind')}</Field.Label>
              <SingleSelect
                value={draft.kind}
                onChange={(value) => {
                  const kind = PLAN_KINDS.find((candidate) => candidate === value);
                  if (!kind) return;
                  setErrors({});
                  setDraft((previous) => ({ ...previous, kind }));
                }}
              >
                {PLAN_KINDS.map((kind) => (
                  <SingleSelectOption key={kind} value={kind}>
                    {kindLabels[kind]}
                  </SingleSelectOption>
                ))}
              </SingleSelect>
              <Field.Error />
            </Field.Root>
          </Grid.Item>
          {draft.kind === 'flat' ? number('feeUsd', t('usage.plan.feeUsd', 'Monthly fee (USD)')) : null}
          {draft.kind === 'passthrough' ? (
            <>
              {number(
                'marginPercent',
                t('usage.plan.margin', 'Margin (%)'),
                t('usage.plan.margin.help', 'Added to the cost: 20 bills $1.00 of cost as $1.20')
              )}
              {number(
                'capUsd',
                t('usage.plan.capUsd', 'Monthly cap (USD)'),
                t('usage.plan.capUsd.help', 'Optional: members are stopped once the bill reaches it')
              )}
            </>
          ) : (
            number(
              'turnsPerMonth',
              t('usage.plan.turnsPerMonth', 'Turns a month'),
              t('usage.plan.turnsPerMonth.help', 'Questions to the agent for the whole community')
            )
          )}
          {number(
            'memberTurnsPerDay',
            t('usage.plan.memberTurnsPerDay', 'Turns per member a day'),
            t('usage.plan.memberTurnsPerDay.help', 'Against abuse, on every plan; empty: the default')
          )}
        </Grid.Root>
        <Typography variant="pi" textColor="neutral600" tag="p" paddingTop={4}>
          {t('usage.plan.note', 'A change applies at once, to the whole of this month (UTC).')}
        </Typography>
      </Modal.Body>
      <Modal.Footer>
        <Modal.Close>
          <Button variant="tertiary">
            {formatMessage({ id: 'app.components.Button.cancel', defaultMessage: 'Cancel' })}
          </Button>
        </Modal.Close>
        <Button onClick={save} loading={saving} data-testid="plan-save">
          {formatMessage({ id: 'global.save', defaultMessage: 'Save' })}
        </Button>
      </Modal.Footer>
    </Modal.Content>
  );
};

/** Sets a community's plan; the server's verdict on each field shows under that field. */
export const PlanDialog = ({ target, onClose, onSaved }: Props) => (
  <Modal.Root open={Boolean(target)} onOpenChange={(open) => !open && onClose()}>
    {/* Keyed by community: each opening starts from that community's saved plan. */}
    {target ? <PlanForm key={target.community.key} target={target} onSaved={onSaved} /> : null}
  </Modal.Root>
);
