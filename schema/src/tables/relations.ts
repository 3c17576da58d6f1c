import { defineRelations } from 'drizzle-orm';
import * as core from './core.js';
import * as followup from './followup.js';
import * as messaging from './messaging.js';
import * as requests from './requests.js';
import * as surveys from './surveys.js';

export const relations = defineRelations({ ...core, ...requests, ...messaging, ...followup, ...surveys }, (r) => ({
  tenant: {
    units: r.many.unit({ from: r.tenant.tenantId, to: r.unit.tenantId }),
    lines: r.many.line({ from: r.tenant.tenantId, to: r.line.tenantId }),
    categoryOverrides: r.many.categoryOverride({ from: r.tenant.tenantId, to: r.categoryOverride.tenantId }),
  },
  unit: {
    parent: r.one.unit({
      from: [r.unit.tenantId, r.unit.parentUnitId],
      to: [r.unit.tenantId, r.unit.unitId],
      alias: 'unit_parent',
    }),
    children: r.many.unit({
      from: [r.unit.tenantId, r.unit.unitId],
      to: [r.unit.tenantId, r.unit.parentUnitId],
      alias: 'unit_parent',
    }),
  },
  line: {
    mergedInto: r.one.line({
      from: [r.line.tenantId, r.line.mergedIntoLineId],
      to: [r.line.tenantId, r.line.lineId],
    }),
  },
  staffProfile: {
    unit: r.one.unit({ from: [r.staffProfile.tenantId, r.staffProfile.unitId], to: [r.unit.tenantId, r.unit.unitId] }),
  },
  request: {
    category: r.one.category({ from: r.request.categoryCode, to: r.category.code, optional: false }),
    followUpCases: r.many.followUpCase({
      from: [r.request.tenantId, r.request.requestId],
      to: [r.followUpCase.tenantId, r.followUpCase.requestId],
    }),
    subscriber: r.one.subscriber({
      from: [r.request.tenantId, r.request.subscriberId],
      to: [r.subscriber.tenantId, r.subscriber.subscriberId],
    }),
    assignedUnit: r.one.unit({
      from: [r.request.tenantId, r.request.assignedUnitId],
      to: [r.unit.tenantId, r.unit.unitId],
      alias: 'request_assigned_unit',
    }),
    locationUnit: r.one.unit({
      from: [r.request.tenantId, r.request.locationUnitId],
      to: [r.unit.tenantId, r.unit.unitId],
      alias: 'request_location_unit',
    }),
    returnedByUnit: r.one.unit({
      from: [r.request.tenantId, r.request.returnedByUnitId],
      to: [r.unit.tenantId, r.unit.unitId],
      alias: 'request_returned_by_unit',
    }),
    incident: r.one.incident({
      from: [r.request.tenantId, r.request.incidentId],
      to: [r.incident.tenantId, r.incident.incidentId],
    }),
    outage: r.one.plannedOutage({
      from: [r.request.tenantId, r.request.outageId],
      to: [r.plannedOutage.tenantId, r.plannedOutage.outageId],
    }),
    events: r.many.requestEvent({
      from: [r.request.tenantId, r.request.requestId],
      to: [r.requestEvent.tenantId, r.requestEvent.requestId],
    }),
    // Who registered it, for their name: by subject within the company (staff_profile_subject_key), no foreign
    // key (a profile appears at first sign-in; a system or integrator subject may have none).
    registeredByProfile: r.one.staffProfile({
      from: [r.request.tenantId, r.request.registeredBy],
      to: [r.staffProfile.tenantId, r.staffProfile.subject],
    }),
  },
  requestEvent: {
    actorProfile: r.one.staffProfile({
      from: [r.requestEvent.tenantId, r.requestEvent.actorSubject],
      to: [r.staffProfile.tenantId, r.staffProfile.subject],
    }),
  },
  // A contact's linked rows and its agent's name load in the list's own statement, not one statement per row.
  contact: {
    subscriber: r.one.subscriber({
      from: [r.contact.tenantId, r.contact.subscriberId],
      to: [r.subscriber.tenantId, r.subscriber.subscriberId],
    }),
    request: r.one.request({
      from: [r.contact.tenantId, r.contact.requestId],
      to: [r.request.tenantId, r.request.requestId],
    }),
    incident: r.one.incident({
      from: [r.contact.tenantId, r.contact.incidentId],
      to: [r.incident.tenantId, r.incident.incidentId],
    }),
    outage: r.one.plannedOutage({
      from: [r.contact.tenantId, r.contact.outageId],
      to: [r.plannedOutage.tenantId, r.plannedOutage.outageId],
    }),
    agentProfile: r.one.staffProfile({
      from: [r.contact.tenantId, r.contact.agentSubject],
      to: [r.staffProfile.tenantId, r.staffProfile.subject],
    }),
  },
  incident: {
    category: r.one.category({ from: r.incident.categoryCode, to: r.category.code, optional: false }),
    unit: r.one.unit({
      from: [r.incident.tenantId, r.incident.unitId],
      to: [r.unit.tenantId, r.unit.unitId],
      alias: 'incident_unit',
    }),
    // Who opened it, for their name (like request.registeredByProfile: by subject, no foreign key).
    openedByProfile: r.one.staffProfile({
      from: [r.incident.tenantId, r.incident.openedBy],
      to: [r.staffProfile.tenantId, r.staffProfile.subject],
    }),
  },
  plannedOutage: {
    unit: r.one.unit({
      from: [r.plannedOutage.tenantId, r.plannedOutage.unitId],
      to: [r.unit.tenantId, r.unit.unitId],
      alias: 'planned_outage_unit',
    }),
    createdByProfile: r.one.staffProfile({
      from: [r.plannedOutage.tenantId, r.plannedOutage.createdBy],
      to: [r.staffProfile.tenantId, r.staffProfile.subject],
    }),
  },
  categoryOverride: {
    category: r.one.category({ from: r.categoryOverride.categoryCode, to: r.category.code, optional: false }),
  },
  message: {
    request: r.one.request({
      from: [r.message.tenantId, r.message.requestId],
      to: [r.request.tenantId, r.request.requestId],
    }),
    account: r.one.messagingAccount({
      from: [r.message.tenantId, r.message.accountId],
      to: [r.messagingAccount.tenantId, r.messagingAccount.accountId],
    }),
  },
  followUpCase: {
    request: r.one.request({
      from: [r.followUpCase.tenantId, r.followUpCase.requestId],
      to: [r.request.tenantId, r.request.requestId],
      optional: false,
    }),
    actions: r.many.followUpActionLog({
      from: [r.followUpCase.tenantId, r.followUpCase.caseId],
      to: [r.followUpActionLog.tenantId, r.followUpActionLog.caseId],
    }),
  },
  followUpActionLog: {
    actorProfile: r.one.staffProfile({
      from: [r.followUpActionLog.tenantId, r.followUpActionLog.actorSubject],
      to: [r.staffProfile.tenantId, r.staffProfile.subject],
    }),
  },
  notification: {
    request: r.one.request({
      from: [r.notification.tenantId, r.notification.requestId],
      to: [r.request.tenantId, r.request.requestId],
    }),
    complaint: r.one.complaint({
      from: [r.notification.tenantId, r.notification.complaintId],
      to: [r.complaint.tenantId, r.complaint.complaintId],
    }),
    followUpCase: r.one.followUpCase({
      from: [r.notification.tenantId, r.notification.caseId],
      to: [r.followUpCase.tenantId, r.followUpCase.caseId],
    }),
    unit: r.one.unit({
      from: [r.notification.tenantId, r.notification.unitId],
      to: [r.unit.tenantId, r.unit.unitId],
    }),
    reads: r.many.notificationRead({
      from: [r.notification.tenantId, r.notification.notificationId],
      to: [r.notificationRead.tenantId, r.notificationRead.notificationId],
    }),
  },
  complaint: {
    unit: r.one.unit({
      from: [r.complaint.tenantId, r.complaint.unitId],
      to: [r.unit.tenantId, r.unit.unitId],
    }),
    requests: r.many.request({
      from: [
        r.complaint.tenantId.through(r.complaintRequest.tenantId),
        r.complaint.complaintId.through(r.complaintRequest.complaintId),
      ],
      to: [
        r.request.tenantId.through(r.complaintRequest.tenantId),
        r.request.requestId.through(r.complaintRequest.requestId),
      ],
    }),
    events: r.many.complaintEvent({
      from: [r.complaint.tenantId, r.complaint.complaintId],
      to: [r.complaintEvent.tenantId, r.complaintEvent.complaintId],
    }),
  },
  complaintEvent: {
    actorProfile: r.one.staffProfile({
      from: [r.complaintEvent.tenantId, r.complaintEvent.actorSubject],
      to: [r.staffProfile.tenantId, r.staffProfile.subject],
    }),
  },
  survey: {
    request: r.one.request({
      from: [r.survey.tenantId, r.survey.requestId],
      to: [r.request.tenantId, r.request.requestId],
    }),
    contact: r.one.contact({
      from: [r.survey.tenantId, r.survey.contactId],
      to: [r.contact.tenantId, r.contact.contactId],
    }),
    unit: r.one.unit({
      from: [r.survey.tenantId, r.survey.unitId],
      to: [r.unit.tenantId, r.unit.unitId],
    }),
    agentProfile: r.one.staffProfile({
      from: [r.survey.tenantId, r.survey.agentSubject],
      to: [r.staffProfile.tenantId, r.staffProfile.subject],
    }),
    attemptLog: r.many.surveyAttempt({
      from: [r.survey.tenantId, r.survey.surveyId],
      to: [r.surveyAttempt.tenantId, r.surveyAttempt.surveyId],
    }),
  },
  surveyAttempt: {
    officerProfile: r.one.staffProfile({
      from: [r.surveyAttempt.tenantId, r.surveyAttempt.officerSubject],
      to: [r.staffProfile.tenantId, r.staffProfile.subject],
    }),
  },
}));
