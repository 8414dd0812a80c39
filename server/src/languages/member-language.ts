import type { Core } from '@strapi/strapi';
import { createRepositories } from '../repositories';
import type { Channel } from '../repositories/channel';
import { getService } from '../utils/get-service';
import { chooseLanguage } from './choose';
import { detectLanguage } from './detect';
import type { Language } from './supported';

/**
 * The language a member is answered in (languages/choose.ts), read from what is at hand: the
 * profile's locale (cached with the display name), the message (detected in-process) and the
 * language stored on the channel, written only when it changes.
 */
export const createMemberLanguage = (strapi: Core.Strapi) => {
  const { channels } = createRepositories(strapi);
  const fallback = () => getService(strapi, 'pluginConfig').get().defaultLanguage;
  const profileLanguage = async (channel: Channel) =>
    channel.status === 'linked' && channel.user
      ? getService(strapi, 'identity').language(channel.user)
      : undefined;

  return {
    /** For a turn: `text` is what the member wrote (undefined for a command, whose words are English). */
    async ofTurn(channel: Channel, text: string | undefined): Promise<Language> {
      const written = text === undefined ? undefined : detectLanguage(text);
      if (written && written !== channel.language) await channels.saveLanguage(channel.id, written);
      return chooseLanguage({
        profile: await profileLanguage(channel),
        written,
        previous: channel.language ?? undefined,
        fallback: fallback(),
      });
    },

    /** Outside a turn (a reminder, a digest, a manager's reply): the profile's, else the last one written in. */
    async ofChannel(channel: Channel): Promise<Language> {
      return chooseLanguage({
        profile: await profileLanguage(channel),
        previous: channel.language ?? undefined,
        fallback: fallback(),
      });
    },
  };
};
