import type * as React from 'react';
import type { SettingsView } from '../../../../server/src/admin-api';
import type { PROVIDER_SETTINGS } from '../../../../server/src/channels/provider-settings';
import { MetaSection } from './MetaSection';
import type { SettingsForm } from './settings-form';
import { TwilioSection } from './TwilioSection';

type ProviderName = keyof typeof PROVIDER_SETTINGS;

export type ProviderSectionProps<Name extends ProviderName> = {
  view: SettingsView[Name];
  values: SettingsForm[Name];
  onChange: (key: keyof SettingsForm[Name], value: string) => void;
  errors: Record<string, string>;
  readOnly: boolean;
  /** Unsaved edits: checks run on the saved settings, so they wait for a save. */
  dirty: boolean;
};

/**
 * Each provider's card on the Connection page, in the order they are shown. The server's side
 * is channels/<provider>/settings.ts (its fields, via channels/provider-settings.ts): a new
 * provider is its folder there, one line in each registry, and its card here.
 */
export const PROVIDER_SECTIONS: { [Name in ProviderName]: React.ComponentType<ProviderSectionProps<Name>> } =
  {
    twilio: TwilioSection,
    meta: MetaSection,
  };

export const PROVIDER_NAMES = Object.keys(PROVIDER_SECTIONS) as ProviderName[];
