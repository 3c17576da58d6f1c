import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * A company's provider credentials (an API key; a user, domain and password) sealed at rest with AES-256-GCM under
 * MESSAGING_CREDENTIALS_KEY, bound to the company (its id is the additional data: a sealed value copied into another
 * company's row does not open). `v1.<iv>.<tag>.<ciphertext>`, base64url. Node's own crypto: no library needed for
 * one authenticated cipher.
 */
export type Credentials = Readonly<Record<string, string>>;

export interface CredentialsCipher {
  seal(tenantId: string, credentials: Credentials): string;
  open(tenantId: string, sealed: string): Credentials;
}

/** Thrown when credentials must be sealed or opened and the server has no key. Says what to set, nothing else. */
export class NoCredentialsKeyError extends Error {
  constructor() {
    super('MESSAGING_CREDENTIALS_KEY is not set: provider credentials cannot be sealed or opened');
  }
}

/** Thrown when a sealed value does not open (another key, another company, altered). No detail of the value. */
export class SealedCredentialsError extends Error {
  constructor() {
    super('the sealed provider credentials do not open with this key for this company');
  }
}

const b64 = (buffer: Buffer) => buffer.toString('base64url');

/** The cipher for a 32-byte key given as base64 (`openssl rand -base64 32`); without one, every use throws. */
export function credentialsCipher(key: string | undefined): CredentialsCipher {
  const secret = key ? Buffer.from(key, 'base64') : undefined;
  if (secret && secret.length !== 32) throw new RangeError('MESSAGING_CREDENTIALS_KEY must be 32 bytes in base64');
  const needKey = () => {
    if (!secret) throw new NoCredentialsKeyError();
    return secret;
  };
  return {
    seal(tenantId, credentials) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', needKey(), iv).setAAD(Buffer.from(tenantId));
      const body = Buffer.concat([cipher.update(JSON.stringify(credentials), 'utf8'), cipher.final()]);
      return ['v1', b64(iv), b64(cipher.getAuthTag()), b64(body)].join('.');
    },
    open(tenantId, sealed) {
      const [version, iv, tag, body] = sealed.split('.');
      if (version !== 'v1' || !iv || !tag || !body) throw new SealedCredentialsError();
      try {
        const decipher = createDecipheriv('aes-256-gcm', needKey(), Buffer.from(iv, 'base64url'))
          .setAAD(Buffer.from(tenantId))
          .setAuthTag(Buffer.from(tag, 'base64url'));
        const text = Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString();
        return JSON.parse(text) as Credentials;
      } catch (error) {
        if (error instanceof NoCredentialsKeyError) throw error;
        throw new SealedCredentialsError();
      }
    },
  };
}
