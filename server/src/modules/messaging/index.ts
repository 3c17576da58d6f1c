export { campaignTask, quietHours, quietUntil } from './campaign-send.js';
export { type CredentialsCipher, credentialsCipher } from './credentials.js';
export { defaultMessagingSettings, type MessagingSettings, trackPath } from './links.js';
export { queueMessage, queueTransactional } from './outbox.js';
export { credentialFields, type ProviderDirectory, providerDirectory } from './providers/directory.js';
export { type LocalFault, LocalSmsProvider } from './providers/local.js';
export type { DeliveryState, OutgoingSms, SendOutcome, SmsProvider } from './providers/provider.js';
export { maxSendAttempts, reportsTask, sendBackoffMs, sendTask } from './send.js';
