import crypto from 'node:crypto';
import type { Button } from '../adapter';
import type { TwilioClient } from './client';

/** A Content API resource but for its name: its variables' sample values and its types. */
type ContentDefinition = { variables: Record<number, string>; types: Record<string, unknown> };

/** A choice in a resource's types: its title as is, its id a variable. */
type ChoiceAction = { id: string; title: string };

/** The SID of the resource with this name, made from `define()` when the account has none yet. */
export type ContentNamed = (name: string, define: () => ContentDefinition) => Promise<string>;

/**
 * Content API resources found again by name, so that every process and restart reuses one instead
 * of creating one each (the account's content list stays short). A name is looked up, or its
 * resource created, once per process.
 */
export const createContentNamed = (client: TwilioClient): ContentNamed => {
  const known = new Map<string, Promise<string>>();

  const findOrCreate = async (name: string, define: () => ContentDefinition) => {
    const existing = (await client.content.v1.contents.list({ pageSize: 100 })).find(
      (content) => content.friendlyName === name
    );
    if (existing) return existing.sid;
    // The API's own field names: twilio-node posts this object as the JSON body, as it is.
    const created = await client.content.v1.contents.create({
      friendly_name: name,
      language: 'en',
      ...define(),
    } as never);
    return created.sid;
  };

  return (name, define) => {
    let sid = known.get(name);
    if (!sid) {
      sid = findOrCreate(name, define);
      known.set(name, sid);
      // A failed lookup is tried again next time.
      sid.catch(() => known.delete(name));
    }
    return sid;
  };
};

/** `{{n}}` of the i-th choice's id: after the text's `{{1}}`. */
const idSlot = (index: number) => 2 + index;

/**
 * A text with choices under it (WhatsApp's quick replies, RCS's chips): one resource per set of
 * titles, named `prefix` and a hash of them, with the text `{{1}}` and the choices' ids as
 * variables (`{{2}}`…: a confirmation's ids name its proposal and differ every time). `types`
 * makes the resource's types from its choices.
 */
export const createChoicesContent =
  (
    contentNamed: ContentNamed,
    prefix: string,
    types: (actions: ChoiceAction[]) => ContentDefinition['types']
  ) =>
  async (body: string, choices: Button[]) => {
    const titles = choices.map((choice) => choice.title);
    const hash = crypto.createHash('sha256').update(JSON.stringify(titles)).digest('hex').slice(0, 12);
    const contentSid = await contentNamed(`${prefix}${hash}`, () => ({
      variables: {
        1: 'Your question',
        ...Object.fromEntries(titles.map((title, index) => [idSlot(index), title.toLowerCase()])),
      },
      types: types(titles.map((title, index) => ({ id: `{{${idSlot(index)}}}`, title }))),
    }));
    const variables: Record<string, string> = { 1: body };
    choices.forEach((choice, index) => {
      variables[idSlot(index)] = choice.id;
    });
    return { contentSid, contentVariables: JSON.stringify(variables) };
  };
