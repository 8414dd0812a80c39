import { DEMO_ADMIN } from '../../playground/src/demo-admin';
import { adminApi, adminLogin } from '../support/admins';
import { deepLinkText, login, registerMember, requestLinkCode, say } from '../support/members';
import { startPipeline, type Pipeline } from '../support/pipeline';

// Fixed replies in the member's language (README: Languages): the locale of their profile, else
// the language they write in, else the default; an admin's text for one language is that
// language's only.

let pipeline: Pipeline;
let superToken: string;
let nextNumber = 4917900000300;
const newPhone = () => `+${(nextNumber += 1)}`;

const strapi = () => pipeline.playground.strapi;
const channelOf = (phone: string) =>
  strapi()
    .db.query('plugin::whatsapp-agent.channel')
    .findOne({ where: { address: phone } });

/** A new member with a profile (in the playground's member collection) naming `locale`, if given. */
const memberWithProfile = async (locale?: string) => {
  const member = await registerMember(pipeline);
  await strapi()
    .db.query('api::member.member')
    .create({ data: { displayName: 'Camille Martin', user: member.user.id, ...(locale ? { locale } : {}) } });
  return member;
};

/** Links a new phone to the member through the real flow; returns the phone and the confirmation. */
const linkNewPhone = async (email: string, password: string) => {
  const phone = newPhone();
  const { jwt } = await login(pipeline, email, password);
  const code = await requestLinkCode(pipeline, jwt);
  return { phone, confirmation: await say(pipeline, phone, deepLinkText(code.deepLink)) };
};

beforeAll(async () => {
  pipeline = await startPipeline();
  superToken = await adminLogin(pipeline, DEMO_ADMIN.email, DEMO_ADMIN.password);
  strapi()
    .plugin('whatsapp-agent')
    .service('router')
    .setAgent(async ({ text }: { text: string }) => `Echo: ${text}`);
});

afterAll(async () => {
  await pipeline?.stop();
});

describe('a number that is not linked', () => {
  it('gets the linking instructions in the language it writes in', async () => {
    const german = newPhone();
    expect(await say(pipeline, german, 'Hallo, wie funktioniert das?')).toBe(
      'Hallo! Um mit dem Community-Assistenten zu chatten, verknüpfe zuerst diese Nummer mit deinem Konto: Melde dich auf der Community-Website (in deinen Kontoeinstellungen) an, fordere eine WhatsApp-Verknüpfungsphrase an und schicke sie hierher. Sie sieht so aus: "amber-falcon-river-7342".'
    );
    expect(await channelOf(german)).toMatchObject({ language: 'de' });

    expect(await say(pipeline, newPhone(), 'Hola, ¿cómo funciona esto?')).toMatch(
      /^¡Hola! Para chatear con el asistente de la comunidad/
    );
    expect(await say(pipeline, newPhone(), 'Hi, how does this work?')).toMatch(/^Hi! To chat with/);
  });

  it('gets a wrong phrase answered in the language it wrote in before', async () => {
    const phone = newPhone();
    await say(pipeline, phone, 'Bonjour, comment ça marche ?');
    // A phrase alone tells no language: the one written in before is kept.
    expect(await say(pipeline, phone, 'amber-falcon-river-7342')).toMatch(
      /^Cette phrase d’association est erronée, expirée ou déjà utilisée\./
    );
  });
});

describe('a linked member', () => {
  it('writing German gets HELP in German, and English again once they write English', async () => {
    const member = await memberWithProfile();
    const { phone, confirmation } = await linkNewPhone(member.email, member.password);
    expect(confirmation).toMatch(/^Linked to C\*+ M\*+ /);

    expect(await say(pipeline, phone, 'Gibt es Events am Wochenende?')).toBe(
      'Echo: Gibt es Events am Wochenende?'
    );
    expect(await say(pipeline, phone, 'HELP')).toBe(
      'Diese Nummer ist mit C*** M*** verknüpft. Frag mich nach Mitgliedern und Veranstaltungen der Community.\n\nBefehle (auf Englisch): HELP (diese Nachricht), RESET (unser Gespräch vergessen), UNLINK oder STOP (Verknüpfung dieser Nummer aufheben), UNDO (direkt nach dem Verknüpfen, falls du es nicht warst), REMINDERS ON/OFF (Erinnerungen an Veranstaltungen, zu denen du gehst), DIGEST ON/OFF (eine wöchentliche Übersicht kommender Veranstaltungen).'
    );

    await say(pipeline, phone, 'Which events are on this weekend?');
    expect(await say(pipeline, phone, 'RESET')).toBe(
      'Done: I forgot our conversation so far. What can I do for you?'
    );
  });

  it('whose profile says French gets French, whatever the language of the message', async () => {
    const member = await memberWithProfile('fr-FR');
    const { phone, confirmation } = await linkNewPhone(member.email, member.password);
    expect(confirmation).toMatch(
      /^Associé à C\*\*\* M\*\*\* \(m\*\*\*@example\.com\)\. Désormais, je réponds/
    );

    await say(pipeline, phone, 'Are there any events this weekend?');
    expect(await say(pipeline, phone, 'HELP')).toMatch(/^Ce numéro est associé à C\*+ M\*+\./);
    expect(await say(pipeline, phone, 'UNLINK')).toMatch(
      /^Dissocié de C\*+ M\*+ : ce numéro n’agit plus pour votre compte/
    );
  });
});

describe("an admin's text for one language", () => {
  afterAll(async () => {
    await adminApi(pipeline, superToken).put('/settings', { messages: { de: { reset: '' } } });
  });

  it('is what members writing that language get, and only they', async () => {
    const saved = await adminApi(pipeline, superToken).put('/settings', {
      messages: { de: { reset: 'Alles vergessen. Worum geht es?' } },
    });
    expect(saved.status).toBe(200);
    expect(saved.body.data.messages.de.reset).toMatchObject({
      value: 'Alles vergessen. Worum geht es?',
      source: 'admin',
      defaultValue: 'Erledigt: Ich habe unser bisheriges Gespräch vergessen. Was kann ich für dich tun?',
    });
    expect(saved.body.data.messages.en.reset).toMatchObject({ source: 'default' });

    const german = newPhone();
    const english = newPhone();
    await say(pipeline, german, 'Hallo, wie funktioniert das?');
    await say(pipeline, english, 'Hello, how does this work?');
    expect(await say(pipeline, german, 'RESET')).toBe('Alles vergessen. Worum geht es?');
    expect(await say(pipeline, english, 'RESET')).toBe(
      'Done: I forgot our conversation so far. What can I do for you?'
    );
  });

  it('is refused for a language the replies do not exist in, and nothing is stored', async () => {
    const refused = await adminApi(pipeline, superToken).put('/settings', {
      messages: { it: { reset: 'Tutto dimenticato.' } },
    });
    expect(refused.status).toBe(400);
    const view = (await adminApi(pipeline, superToken).get('/settings')).body.data;
    expect(Object.keys(view.messages).sort()).toEqual(['de', 'en', 'es', 'fr']);
  });
});
