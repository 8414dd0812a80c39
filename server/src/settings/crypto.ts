import crypto from 'node:crypto';
import type { Core } from '@strapi/strapi';
import { getService } from '../utils/get-service';

const VERSION = 'v1';

/** AES-256-GCM with a 256-bit key derived from the configured secret; output `v1:iv:tag:ciphertext` (base64url). */
export const encryptWith = (key: Buffer, plaintext: string) => {
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv('aes-256-gcm', key, iv);
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return [
    VERSION,
    iv.toString('base64url'),
    cipher.getAuthTag().toString('base64url'),
    ciphertext.toString('base64url'),
  ].join(':');
};

export const decryptWith = (key: Buffer, sealed: string) => {
  const [version, iv, tag, ciphertext] = sealed.split(':');
  if (version !== VERSION || !iv || !tag || !ciphertext)
    throw new Error('Not a value encrypted by this plugin');
  const decipher = crypto.createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString(
    'utf8'
  );
};

export const deriveKey = (secret: string, purpose: string) =>
  crypto.createHash('sha256').update(`whatsapp-agent:${purpose}:${secret}`).digest();

/**
 * Secrets at rest (refresh tokens, later the admin's API credentials) and keyed hashes (linking
 * phrases). The key comes from WHATSAPP_AGENT_ENCRYPTION_KEY, else Strapi's own
 * `admin.secrets.encryptionKey`; without either the plugin refuses to start.
 */
export const createCryptoService = ({ strapi }: { strapi: Core.Strapi }) => {
  const secret = () => {
    const value =
      getService(strapi, 'pluginConfig').get().encryptionKey ??
      strapi.config.get<string>('admin.secrets.encryptionKey');
    if (!value) {
      throw new Error(
        'whatsapp-agent needs an encryption key: set WHATSAPP_AGENT_ENCRYPTION_KEY (or admin.secrets.encryptionKey in config/admin)'
      );
    }
    return value;
  };
  let keys: { encryption: Buffer; hashing: Buffer } | undefined;
  const getKeys = () =>
    (keys ??= { encryption: deriveKey(secret(), 'encrypt'), hashing: deriveKey(secret(), 'hash') });

  return {
    /** Fails at boot rather than at the first linked message. */
    assertConfigured: () => void getKeys(),
    encrypt: (plaintext: string) => encryptWith(getKeys().encryption, plaintext),
    decrypt: (sealed: string) => decryptWith(getKeys().encryption, sealed),
    hashingKey: () => getKeys().hashing,
  };
};

export type CryptoService = ReturnType<typeof createCryptoService>;
