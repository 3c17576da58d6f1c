import type { MessagingProvider } from '@abfa/schema';
import type { CredentialsCipher } from '../credentials.js';
import { KavenegarProvider } from './kavenegar.js';
import { LocalSmsProvider } from './local.js';
import { MagfaProvider } from './magfa.js';
import type { SmsProvider } from './provider.js';

/** What each provider's credentials hold (the API takes them write-only; the sender opens them to call). */
export const credentialFields: Record<MessagingProvider, readonly string[]> = {
  local: [],
  kavenegar: ['apiKey'],
  magfa: ['username', 'domain', 'password'],
};

/** A company's account as the sender reads it (credentials still sealed). */
export interface ProviderAccount {
  tenantId: string;
  accountId: string;
  provider: MessagingProvider;
  credentials: string | null;
}

/** The provider to send through for an account: its adapter, with the account's credentials opened. */
export interface ProviderDirectory {
  providerFor(account: ProviderAccount): SmsProvider;
  /** The process's local provider (embedded mode and tests): every company's `local` account sends through it. */
  readonly local: LocalSmsProvider;
  readonly cipher: CredentialsCipher;
}

export interface ProviderDirectoryOptions {
  cipher: CredentialsCipher;
  local?: LocalSmsProvider;
  /** Where each provider's API is (tests point them at loopback servers); default: the provider's own. */
  baseUrls?: Partial<Record<Exclude<MessagingProvider, 'local'>, string>>;
  /** How long a call may wait for the provider's answer before it is `unknown` (ms). */
  timeoutMs?: number;
}

export function providerDirectory(options: ProviderDirectoryOptions): ProviderDirectory {
  const local = options.local ?? new LocalSmsProvider();
  const { cipher, baseUrls = {}, timeoutMs } = options;
  const secretsOf = (account: ProviderAccount) => {
    if (!account.credentials) throw new Error(`the ${account.provider} account has no credentials`);
    const opened = cipher.open(account.tenantId, account.credentials);
    const value = (field: string) => {
      const found = opened[field];
      if (!found) throw new Error(`the ${account.provider} account's credentials lack ${field}`);
      return found;
    };
    return value;
  };
  return {
    local,
    cipher,
    providerFor(account) {
      switch (account.provider) {
        case 'local':
          return local;
        case 'kavenegar': {
          const secret = secretsOf(account);
          return new KavenegarProvider({
            apiKey: secret('apiKey'),
            ...(baseUrls.kavenegar ? { baseUrl: baseUrls.kavenegar } : {}),
            ...(timeoutMs ? { timeoutMs } : {}),
          });
        }
        case 'magfa': {
          const secret = secretsOf(account);
          return new MagfaProvider({
            username: secret('username'),
            domain: secret('domain'),
            password: secret('password'),
            ...(baseUrls.magfa ? { baseUrl: baseUrls.magfa } : {}),
            ...(timeoutMs ? { timeoutMs } : {}),
          });
        }
      }
    },
  };
}
