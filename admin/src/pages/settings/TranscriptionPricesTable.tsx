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
import type { Source } from '../../../../server/src/admin-api';
import { getTranslation } from '../../utils/getTranslation';
import { newTranscriptionPriceDraft, type TranscriptionPriceDraft } from './settings-form';

type Props = {
  /** "default": the plugin's list prices, until an admin saves a table here. */
  source: Source;
  prices: TranscriptionPriceDraft[];
  onChange: (prices: TranscriptionPriceDraft[]) => void;
  errors: Record<string, string>;
  readOnly: boolean;
};

/** The Prices section's transcription models: USD per minute of audio, as OpenAI bills it. */
export const TranscriptionPricesTable = ({ source, prices, onChange, errors, readOnly }: Props) => {
  const { formatMessage } = useIntl();
  const t = (id: string, defaultMessage: string) => formatMessage({ id: getTranslation(id), defaultMessage });
  const update = (row: TranscriptionPriceDraft) =>
    onChange(prices.map((item) => (item.key === row.key ? row : item)));

  return (
    <Flex direction="column" alignItems="stretch" gap={3}>
      <Flex justifyContent="space-between" alignItems="flex-end" gap={4}>
        <Flex direction="column" alignItems="flex-start" gap={1}>
          <Typography variant="sigma" textColor="neutral600" tag="h3">
            {t('settings.prices.transcription', 'Transcription models (USD per minute of audio)')}
          </Typography>
          <Typography variant="pi" textColor="neutral600">
            {source === 'default'
              ? t(
                  'settings.prices.transcription.default',
                  'The plugin’s list prices. Once saved here, this table replaces them. An empty price counts as 0.'
                )
              : t(
                  'settings.prices.transcription.help',
                  'Matched by exact name, else by the longest prefix; a model not listed costs 0. An empty price counts as 0.'
                )}
          </Typography>
        </Flex>
        <Button
          variant="secondary"
          size="S"
          startIcon={<Plus />}
          disabled={readOnly}
          onClick={() => onChange([...prices, newTranscriptionPriceDraft()])}
          data-testid="transcription-prices-add"
        >
          {t('settings.prices.models.add', 'Add a model')}
        </Button>
      </Flex>
      {errors.transcriptionPrices ? (
        <Typography variant="pi" textColor="danger600">
          {errors.transcriptionPrices}
        </Typography>
      ) : null}
      {prices.length === 0 ? (
        <Typography variant="omega" textColor="neutral600">
          {t(
            'settings.prices.transcription.empty',
            'No transcription prices: voice notes are recorded at no cost.'
          )}
        </Typography>
      ) : (
        <Flex direction="column" alignItems="stretch" gap={2} data-testid="transcription-prices">
          <Grid.Root gap={4} aria-hidden>
            <Grid.Item col={4} s={12}>
              <Typography variant="sigma" textColor="neutral600">
                {t('settings.prices.model.name', 'Model')}
              </Typography>
            </Grid.Item>
            <Grid.Item col={2} s={6}>
              <Typography variant="sigma" textColor="neutral600">
                {t('settings.prices.transcription.perMinute', 'Per minute')}
              </Typography>
            </Grid.Item>
          </Grid.Root>
          {prices.map((row, index) => {
            const path = `transcriptionPrices.${index}`;
            return (
              <Grid.Root key={row.key} gap={4} data-testid="transcription-price">
                <Grid.Item col={4} s={12} direction="column" alignItems="stretch">
                  <Field.Root name={`${path}.model`} error={errors[`${path}.model`] ?? errors[path]}>
                    <TextInput
                      aria-label={t('settings.prices.model.name', 'Model')}
                      value={row.model}
                      disabled={readOnly}
                      placeholder="whisper-1"
                      onChange={(event: React.ChangeEvent<HTMLInputElement>) =>
                        update({ ...row, model: event.target.value })
                      }
                      data-testid={`setting-${path}.model`}
                    />
                    <Field.Error />
                  </Field.Root>
                </Grid.Item>
                <Grid.Item col={2} s={6} direction="column" alignItems="stretch">
                  <Field.Root name={`${path}.perMinuteUsd`} error={errors[`${path}.perMinuteUsd`]}>
                    <NumberInput
                      aria-label={`${t('settings.prices.transcription.perMinute', 'Per minute')} (${
                        row.model || index + 1
                      })`}
                      value={row.perMinuteUsd}
                      disabled={readOnly}
                      onValueChange={(value: number | undefined) => update({ ...row, perMinuteUsd: value })}
                      data-testid={`setting-${path}.perMinuteUsd`}
                    />
                    <Field.Error />
                  </Field.Root>
                </Grid.Item>
                <Grid.Item col={2} s={6} direction="column" alignItems="flex-start">
                  <IconButton
                    label={t('settings.prices.models.remove', 'Remove this model')}
                    variant="ghost"
                    disabled={readOnly}
                    onClick={() => onChange(prices.filter((item) => item.key !== row.key))}
                    data-testid={`transcription-prices-${index}-remove`}
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
  );
};
