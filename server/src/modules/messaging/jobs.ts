import type { TaskDefinition } from '../../jobs/queue.js';
import type { Schedule } from '../../jobs/schedule.js';
import { campaignTask, campaignTaskOf } from './campaign-send.js';
import { outageTasks } from './outage-messages.js';
import type { ProviderDirectory } from './providers/directory.js';
import { reportsTask, reportsTaskOf, sendTask, sendTaskOf } from './send.js';

/** Section (d)'s background work: each message's sending, each campaign's, planned cuts' notices, delivery reports. */
export function messagingTasks(
  directory: ProviderDirectory,
  clock?: () => Date,
  publicUrl?: string,
): Record<string, TaskDefinition<never>> {
  return {
    [sendTask]: sendTaskOf(directory) as TaskDefinition<never>,
    [campaignTask]: campaignTaskOf(directory, clock, publicUrl) as TaskDefinition<never>,
    [reportsTask]: reportsTaskOf(directory) as TaskDefinition<never>,
    ...(outageTasks as Record<string, TaskDefinition<never>>),
  };
}

export const messagingSchedules: readonly Schedule[] = [
  { name: 'messaging.reports', task: reportsTask, every: { seconds: 60 } },
];
