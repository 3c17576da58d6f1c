export { jobCounter } from './metrics.js';
export {
  type CallingOutTask,
  callingOut,
  type DatabaseTask,
  type EnqueueOptions,
  enqueue,
  type JobContext,
  type TaskDefinition,
} from './queue.js';
export { createJobRunner, type JobRunner, type JobRunnerOptions } from './runner.js';
export { nextSlot, type Schedule } from './schedule.js';
export { platformTasks, schedules, type TaskDependencies } from './tasks.js';
