import type { Core } from '@strapi/strapi';
import { CONTENT_TYPE, type SenderKind } from '../constants';
import { toNumber, toText, type RawRow } from './rows';

/** A sender as stored: its Auth Token still sealed (the senders service opens it). */
export type SenderRow = {
  id: number;
  displayName: string;
  provider: 'twilio';
  kind: SenderKind;
  /** E.164, without Twilio's `whatsapp:` prefix. */
  address: string;
  accountSid: string;
  authTokenEncrypted: string | null;
  /** The Twilio API base URL the token was saved for; it is sent nowhere else. */
  authTokenBoundTo: string | null;
  region: string | null;
  edge: string | null;
  community: string | null;
  messagesPerSecond: number | null;
};

export type SenderData = Omit<SenderRow, 'id'>;

const toSender = (row: RawRow): SenderRow => ({
  id: toNumber(row.id),
  displayName: String(row.displayName ?? ''),
  provider: 'twilio',
  kind: row.kind as SenderKind,
  address: String(row.address),
  accountSid: String(row.accountSid),
  authTokenEncrypted: toText(row.authTokenEncrypted),
  authTokenBoundTo: toText(row.authTokenBoundTo),
  region: toText(row.region),
  edge: toText(row.edge),
  community: toText(row.community),
  messagesPerSecond:
    row.messagesPerSecond === null || row.messagesPerSecond === undefined
      ? null
      : toNumber(row.messagesPerSecond),
});

/** The only code that reads or writes the sender table (a handful of rows, read whole into a cache). */
export const createSenderRepository = (strapi: Core.Strapi) => {
  const query = () => strapi.db.query(CONTENT_TYPE.sender);
  return {
    async list(): Promise<SenderRow[]> {
      const rows: RawRow[] = await query().findMany({ orderBy: { id: 'asc' } });
      return rows.map(toSender);
    },
    async find(id: number): Promise<SenderRow | null> {
      const row: RawRow | null = await query().findOne({ where: { id } });
      return row ? toSender(row) : null;
    },
    async create(data: SenderData): Promise<SenderRow> {
      return toSender(await query().create({ data }));
    },
    async update(id: number, data: Partial<SenderData>): Promise<SenderRow | null> {
      const row: RawRow | null = await query().update({ where: { id }, data });
      return row ? toSender(row) : null;
    },
    async delete(id: number): Promise<boolean> {
      return (await query().delete({ where: { id } })) !== null;
    },
  };
};

export type SenderRepository = ReturnType<typeof createSenderRepository>;
