/**
 * A job runner sending messages in a process of its own, for the messaging kill -9 drill (messaging-kill.test.ts):
 * the platform's own tasks, with the local SMS provider keeping what it takes in a journal file (DRILL_JOURNAL) that
 * outlives the process, as a real provider outlives the sender. With DRILL_HANG_AFTER_TAKE=n the n-th message taken
 * is kept and its send never answers: the drill kills the process while the message is in the provider's hands.
 * Says "running" once the runner has started.
 */

import { openDatabase } from '@abfa/schema';
import {
  createJobRunner,
  createLogger,
  credentialsCipher,
  LocalSmsProvider,
  platformTasks,
  providerDirectory,
} from '@abfa/server';

const url = process.env.DRILL_DATABASE_URL;
const journal = process.env.DRILL_JOURNAL;
if (!url) throw new Error('DRILL_DATABASE_URL is required');
if (!journal) throw new Error('DRILL_JOURNAL is required');
const hangAfterTake = process.env.DRILL_HANG_AFTER_TAKE ? Number(process.env.DRILL_HANG_AFTER_TAKE) : undefined;

const database = await openDatabase({ kind: 'postgres', url, poolMax: 3 });
const providers = providerDirectory({
  cipher: credentialsCipher(undefined),
  local: new LocalSmsProvider({ journal, ...(hangAfterTake ? { hangAfterTake } : {}) }),
});
const runner = createJobRunner({
  db: database.root,
  log: createLogger('silent'),
  tasks: platformTasks({ providers }),
  // Only the sending jobs matter here: no delivery-report polls (they would move messages on to `delivered`).
  schedules: [],
  pollMs: 50,
  leaseMs: Number(process.env.DRILL_LEASE_MS ?? 2000),
});
runner.start();
process.stdout.write('running\n');
