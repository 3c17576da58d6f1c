import { type CredentialsCipher, credentialsCipher } from './credentials.js';

/** The citizen's link to a request's or incident's status (the portal's /track page). */
export const trackPath = (tenantCode: string, publicToken: string) =>
  `/track?tenant=${encodeURIComponent(tenantCode)}&t=${publicToken}`;

/** What messages need from the server's configuration: where citizens reach the portal, and the credentials' key. */
export interface MessagingSettings {
  /** The portal's public origin (PUBLIC_URL), without a trailing slash: links in messages start with it. */
  publicUrl: string;
  cipher: CredentialsCipher;
}

/** Without configuration (tests, tools): links on localhost, and no key (provider credentials refused). */
export const defaultMessagingSettings: MessagingSettings = {
  publicUrl: 'http://localhost:4000',
  cipher: credentialsCipher(undefined),
};
