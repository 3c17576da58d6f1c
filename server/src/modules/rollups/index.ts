export {
  changedDays,
  enqueueRollupDays,
  enqueueRollupRefresh,
  rollupRefreshTask,
  rollupSchedules,
  rollupTasks,
} from './jobs.js';
export {
  checkDay,
  dataSpan,
  daysBetween,
  parseDayOption,
  type RefreshResult,
  rebuildDemoRollups,
  rebuildRollups,
  refreshRollups,
  requestRollupDays,
  rollupDayOf,
  rollupDaysOf,
} from './refresh.js';
export { measureColumns, rollupSources } from './sources.js';
