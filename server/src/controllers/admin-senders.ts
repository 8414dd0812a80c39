import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type { Context } from 'koa';
import type { z } from 'zod';
import type { SenderView, SendersView } from '../admin-api';
import { createCommunityDirectory } from '../identity/communities';
import { ACTION } from '../permissions';
import { createRepositories } from '../repositories';
import type { SenderData } from '../repositories/sender';
import type { Sender } from '../senders';
import { senderInputSchema, senderUpdateSchema } from '../senders/input';
import { isUniqueViolation } from '../utils/db-errors';
import { getService } from '../utils/get-service';
import { requireAbility } from '../utils/require-ability';
import { describeIssues, zodIssues } from '../utils/zod-issues';

const toView = ({ authToken, hasAuthToken, ...sender }: Sender): SenderView => ({
  id: sender.id,
  displayName: sender.displayName,
  provider: sender.provider,
  kind: sender.kind,
  address: sender.address,
  accountSid: sender.accountSid,
  authToken: { set: hasAuthToken, usable: authToken !== undefined },
  region: sender.region,
  edge: sender.edge,
  community: sender.community,
  messagesPerSecond: sender.messagesPerSecond,
});

/**
 * The Senders settings page's API: list, add, change, delete, and Test connection (the account,
 * its parent and its status, asked of Twilio with the sender's own credentials). Every write
 * drops this process's copy of the senders, so that the webhook and the outbox see it at once
 * (other processes within a few seconds).
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const { senders: repository } = createRepositories(strapi);
  const senders = () => getService(strapi, 'senders');

  const parse = <Schema extends z.ZodType>(schema: Schema, body: unknown): z.infer<Schema> => {
    const parsed = schema.safeParse(body);
    if (!parsed.success)
      throw new errors.ValidationError(describeIssues(zodIssues(parsed.error)), {
        errors: zodIssues(parsed.error),
      });
    return parsed.data;
  };

  /** The default sender's numbers are answered by Settings → Connection: the same number twice would be ambiguous. */
  const refuseDefaultNumber = (kind: string, address: string) => {
    const settings = getService(strapi, 'settings').twilio();
    const own = kind === 'whatsapp' ? settings?.whatsappNumber : settings?.smsNumber;
    if (own === address)
      throw new errors.ValidationError(
        `${address} is already the default sender (Settings → WhatsApp agent → Connection): add another number, or change that one`
      );
  };

  /** A key no community has would tie the sender to nobody: its members would never be sent from it. */
  const refuseUnknownCommunity = async (community: string | null | undefined) => {
    if (community == null) return;
    const known = await createCommunityDirectory(strapi).all();
    if (known.some(({ key }) => key === community)) return;
    const message = `No community has the key "${community}": pick one of the list, or no community`;
    throw new errors.ValidationError(message, { errors: [{ path: ['community'], message }] });
  };

  const idOf = (ctx: Context) => {
    const id = Number(ctx.params.id);
    if (!Number.isInteger(id) || id <= 0) throw new errors.NotFoundError('No such sender');
    return id;
  };

  const listed = async () => {
    senders().invalidate();
    await senders().fresh();
    return senders().list();
  };

  const saved = async (write: () => Promise<unknown>) => {
    try {
      await write();
    } catch (error) {
      if (isUniqueViolation(error))
        throw new errors.ValidationError('Another sender already has this number on this kind of channel');
      throw error;
    }
  };

  return {
    async find(ctx: Context) {
      const settings = getService(strapi, 'settings').twilio();
      const data: SendersView = {
        default: settings
          ? {
              accountSid: settings.accountSid,
              whatsappNumber: settings.whatsappNumber ?? null,
              smsNumber: settings.smsNumber ?? null,
            }
          : null,
        senders: (await listed()).map(toView),
        communities: await createCommunityDirectory(strapi).all(),
      };
      ctx.body = { data };
    },

    async create(ctx: Context) {
      requireAbility(ctx, ACTION.settingsUpdate);
      const { authToken, ...input } = parse(senderInputSchema, ctx.request.body);
      refuseDefaultNumber(input.kind, input.address);
      await refuseUnknownCommunity(input.community);
      const data: SenderData = {
        provider: 'twilio',
        region: null,
        edge: null,
        community: null,
        messagesPerSecond: null,
        ...input,
        ...senders().sealToken(authToken),
      };
      let id = 0;
      await saved(async () => {
        id = (await repository.create(data)).id;
      });
      const sender = (await listed()).find((candidate) => candidate.id === id);
      ctx.status = 201;
      ctx.body = { data: sender && toView(sender) };
    },

    async update(ctx: Context) {
      requireAbility(ctx, ACTION.settingsUpdate);
      const id = idOf(ctx);
      const current = await repository.find(id);
      if (!current) throw new errors.NotFoundError('No such sender');
      const { authToken, ...input } = parse(senderUpdateSchema, ctx.request.body);
      refuseDefaultNumber(input.kind ?? current.kind, input.address ?? current.address);
      // A key that went stale since (its community deleted) may stay while other fields change.
      if (input.community !== current.community) await refuseUnknownCommunity(input.community);
      await saved(() =>
        repository.update(id, { ...input, ...(authToken ? senders().sealToken(authToken) : {}) })
      );
      const sender = (await listed()).find((candidate) => candidate.id === id);
      ctx.body = { data: sender && toView(sender) };
    },

    /** Its conversations go back to the community's sender or the default one (senders.choose). */
    async delete(ctx: Context) {
      requireAbility(ctx, ACTION.settingsUpdate);
      if (!(await repository.delete(idOf(ctx)))) throw new errors.NotFoundError('No such sender');
      senders().invalidate();
      ctx.status = 204;
    },

    /** Test connection: the account the sender's credentials open, its parent account and status. */
    async check(ctx: Context) {
      const id = idOf(ctx);
      await listed();
      const sender = senders().find(id);
      if (!sender) throw new errors.NotFoundError('No such sender');
      const twilio = getService(strapi, 'adapters').twilioOfSender(sender);
      ctx.body = {
        data: twilio
          ? await twilio.checkAccount()
          : {
              ok: false,
              message: sender.hasAuthToken
                ? "The sender's Auth Token was saved for another Twilio API URL: enter it again"
                : "Set the sender's Auth Token first (and save).",
            },
      };
    },
  };
};
