import type * as React from 'react';
import {
  Button,
  Field,
  Flex,
  Grid,
  IconButton,
  NumberInput,
  TextInput,
  Typography,
} from '@strapi/design-system';
import { Plus, Trash } from '@strapi/icons';
import { useIntl } from 'react-intl';
import type { SettingsView } from '../../../../server/src/admin-api';
import { NumberSetting } from '../../components/NumberSetting';
import { SettingsSection } from '../../components/SettingsSection';
import { getTranslation } from '../../utils/getTranslation';
import {
  MODEL_PRICE_KEYS,
  newModelPriceDraft,
  type ModelPriceDraft,
  type PriceKey,
  type SettingsForm,
  type TranscriptionPriceDraft,
} from './settings-form';
import { TranscriptionPricesTable } from './TranscriptionPricesTable';

type Props = {
  view: SettingsView['prices'];
  values: SettingsForm['prices'];
  onChange: (key: PriceKey, value: number | undefined) => void;
  /** "default": the plugin's list prices, until an admin saves a table here. */
  modelPricesSource: SettingsView['modelPrices']['source'];
  modelPrices: ModelPriceDraft[];
  onModelPricesChange: (modelPrices: ModelPriceDraft[]) => void;
  transcriptionPricesSource: SettingsView['transcriptionPrices']['source'];
  transcriptionPrices: TranscriptionPriceDraft[];
  onTranscriptionPricesChange: (transcriptionPrices: TranscriptionPriceDraft[]) => void;
  errors: Record<string, string>;
  readOnly: boolean;
};

const SCALARS: Array<{ group: 'twilio' | 'meta'; key: PriceKey; label: string; help: string }> = [
  {
    group: 'twilio',
    key: 'twilioWhatsappMessageUsd',
    label: 'WhatsApp message',
    help: 'Twilio’s fee per message, each way',
  },
  { group: 'twilio', key: 'twilioSmsSegmentUsd', label: 'SMS segment', help: 'Per 160-character part' },
  {
    group: 'twilio',
    key: 'twilioRcsMessageUsd',
    label: 'RCS message',
    help: 'Per message each way (a fallback to SMS is priced per SMS segment)',
  },
  {
    group: 'twilio',
    key: 'twilioFailedMessageUsd',
    label: 'Failed message',
    help: 'Charged for a failed send',
  },
  {
    group: 'meta',
    key: 'metaServiceUsd',
    label: 'Service',
    help: 'Free-form replies inside the 24-hour window',
  },
  { group: 'meta', key: 'metaUtilityUsd', label: 'Utility', help: 'Templates: reminders, updates' },
  { group: 'meta', key: 'metaMarketingUsd', label: 'Marketing', help: 'Templates: digests, offers' },
  { group: 'meta', key: 'metaAuthenticationUsd', label: 'Authentication', help: 'Templates: one-time codes' },
];

/**
 * What the ledger charges for each thing it counts: Twilio's and Meta's per-message fees, the
 * model's per-token prices and the transcription models' per-minute prices. They change and differ per country, so admins keep them current here;
 * past rows keep the price they were recorded at.
 */
export const PricesSection = ({
  view,
  values,
  onChange,
  modelPricesSource,
  modelPrices,
  onModelPricesChange,
  transcriptionPricesSource,
  transcriptionPrices,
  onTranscriptionPricesChange,
  errors,
  readOnly,
}: Props) => {
  const { formatMessage } = useIntl();
  const t = (id: string, defaultMessage: string) => formatMessage({ id: getTranslation(id), defaultMessage });
  const groupTitle = {
    twilio: t('settings.prices.twilio', 'Twilio (USD per message)'),
    meta: t('settings.prices.meta', 'Meta, by conversation category (USD per message)'),
  };
  const priceColumns: Record<(typeof MODEL_PRICE_KEYS)[number], string> = {
    promptPerMillionUsd: t('settings.prices.model.prompt', 'Prompt'),
    completionPerMillionUsd: t('settings.prices.model.completion', 'Completion'),
    cachedPerMillionUsd: t('settings.prices.model.cached', 'Cached prompt'),
  };
  const update = (row: ModelPriceDraft) =>
    onModelPricesChange(modelPrices.map((item) => (item.key === row.key ? row : item)));

  const scalarGroup = (group: 'twilio' | 'meta') => (
    <Flex direction="column" alignItems="stretch" gap={3}>
      <Typography variant="sigma" textColor="neutral600" tag="h3">
        {groupTitle[group]}
      </Typography>
      <Grid.Root gap={4}>
        {SCALARS.filter((price) => price.group === group).map(({ key, label, help }) => (
          <Grid.Item key={key} col={3} s={6} xs={12} direction="column" alignItems="stretch">
            <NumberSetting
              name={`prices.${key}`}
              label={t(`settings.prices.${key}`, label)}
              source={view[key].source}
              value={values[key]}
              onChange={(value) => onChange(key, value)}
              error={errors[`prices.${key}`]}
              readOnly={readOnly}
              help={t(`settings.prices.${key}.help`, help)}
            />
          </Grid.Item>
        ))}
      </Grid.Root>
    </Flex>
  );

  return (
    <SettingsSection
      testId="section-prices"
      title={t('settings.prices.title', 'Prices')}
      description={t(
        'settings.prices.description',
        'What the usage ledger charges for each message and token. A new price applies to usage from now on; what was recorded keeps its price.'
      )}
    >
      {scalarGroup('twilio')}
      {scalarGroup('meta')}
      <Flex direction="column" alignItems="stretch" gap={3}>
        <Flex justifyContent="space-between" alignItems="flex-end" gap={4}>
          <Flex direction="column" alignItems="flex-start" gap={1}>
            <Typography variant="sigma" textColor="neutral600" tag="h3">
              {t('settings.prices.models', 'AI models (USD per million tokens)')}
            </Typography>
            <Typography variant="pi" textColor="neutral600">
              {modelPricesSource === 'default'
                ? t(
                    'settings.prices.models.default',
                    'The plugin’s list prices. Once saved here, this table replaces them. An empty price counts as 0.'
                  )
                : t(
                    'settings.prices.models.help',
                    'Matched by exact name, else by the longest prefix (gpt-4o-mini for gpt-4o-mini-2024-07-18); a model not listed costs 0. An empty price counts as 0.'
                  )}
            </Typography>
          </Flex>
          <Button
            variant="secondary"
            size="S"
            startIcon={<Plus />}
            disabled={readOnly}
            onClick={() => onModelPricesChange([...modelPrices, newModelPriceDraft()])}
            data-testid="model-prices-add"
          >
            {t('settings.prices.models.add', 'Add a model')}
          </Button>
        </Flex>
        {errors.modelPrices ? (
          <Typography variant="pi" textColor="danger600">
            {errors.modelPrices}
          </Typography>
        ) : null}
        {modelPrices.length === 0 ? (
          <Typography variant="omega" textColor="neutral600">
            {t('settings.prices.models.empty', 'No model prices: AI model calls are recorded at no cost.')}
          </Typography>
        ) : (
          // A grid, not the design system's Table: its keyboard navigation moves focus between
          // cells, which fights inputs inside them.
          <Flex direction="column" alignItems="stretch" gap={2} data-testid="model-prices">
            <Grid.Root gap={4} aria-hidden>
              <Grid.Item col={4} s={12}>
                <Typography variant="sigma" textColor="neutral600">
                  {t('settings.prices.model.name', 'Model')}
                </Typography>
              </Grid.Item>
              {MODEL_PRICE_KEYS.map((key) => (
                <Grid.Item key={key} col={2} s={4}>
                  <Typography variant="sigma" textColor="neutral600">
                    {priceColumns[key]}
                  </Typography>
                </Grid.Item>
              ))}
            </Grid.Root>
            {modelPrices.map((row, index) => {
              const path = `modelPrices.${index}`;
              return (
                <Grid.Root key={row.key} gap={4} data-testid="model-price">
                  <Grid.Item col={4} s={12} direction="column" alignItems="stretch">
                    <Field.Root name={`${path}.model`} error={errors[`${path}.model`] ?? errors[path]}>
                      <TextInput
                        aria-label={t('settings.prices.model.name', 'Model')}
                        value={row.model}
                        disabled={readOnly}
                        placeholder="gpt-4o-mini"
                        onChange={(event: React.ChangeEvent<HTMLInputElement>) =>
                          update({ ...row, model: event.target.value })
                        }
                        data-testid={`setting-${path}.model`}
                      />
                      <Field.Error />
                    </Field.Root>
                  </Grid.Item>
                  {MODEL_PRICE_KEYS.map((key) => (
                    <Grid.Item key={key} col={2} s={4} direction="column" alignItems="stretch">
                      <Field.Root name={`${path}.${key}`} error={errors[`${path}.${key}`]}>
                        <NumberInput
                          aria-label={`${priceColumns[key]} (${row.model || index + 1})`}
                          value={row[key]}
                          disabled={readOnly}
                          onValueChange={(value: number | undefined) => update({ ...row, [key]: value })}
                          data-testid={`setting-${path}.${key}`}
                        />
                        <Field.Error />
                      </Field.Root>
                    </Grid.Item>
                  ))}
                  <Grid.Item col={2} s={12} direction="column" alignItems="flex-start">
                    <IconButton
                      label={t('settings.prices.models.remove', 'Remove this model')}
                      variant="ghost"
                      disabled={readOnly}
                      onClick={() => onModelPricesChange(modelPrices.filter((item) => item.key !== row.key))}
                      data-testid={`model-prices-${index}-remove`}
                    >
                      <Trash />
                    </IconButton>
                  </Grid.Item>
                </Grid.Root>
              );
            })}
          </Flex>
        )}
      </Flex>
      <TranscriptionPricesTable
        source={transcriptionPricesSource}
        prices={transcriptionPrices}
        onChange={onTranscriptionPricesChange}
        errors={errors}
        readOnly={readOnly}
      />
    </SettingsSection>
  );
};
