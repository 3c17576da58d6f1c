export {
  type CalendarData,
  type Holiday,
  type HolidayKind,
  type HolidaysFile,
  holidayEntry,
  holidayKinds,
  holidaysFile,
  loadCalendarData,
  loadWorkingCalendar,
  tenantCalendars,
  toWorkingCalendar,
  type WorkingWeekFile,
  workingWeekFile,
} from './calendar.js';
export { type KeycloakRealm, keycloakRealm, realmFile, realmJson } from './keycloak-realm.js';
export { loadRegistry, type Registry, RegistryError, type RegistryProblem, tenantsFolder } from './load.js';
export {
  loadNationalConfig,
  type NationalConfig,
  type NationalKpiEntry,
  nationalConfigFile,
  nationalConfigFileName,
  nationalKpiEntry,
  type PeerDisplay,
  peerDisplays,
  rankingOptionsOf,
} from './national-config.js';
export { provinceCodes, provinces } from './provinces.js';
export * from './registry-schema.js';
export { type Change, describeChanges, syncRegistry } from './sync.js';
