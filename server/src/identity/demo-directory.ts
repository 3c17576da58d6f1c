import { companyServiceScopes, nationalServiceScopes, type Role } from '@abfa/schema';
import type { Registry } from '@abfa/tenants';
import type { Permission } from '../auth/permissions.js';

/**
 * The people and integrators of the embedded issuer: a user for every company role in each demo tenant (and a crew
 * member of its first district's first team), one national supervisor, one platform admin, and one integrator client
 * per demo tenant. Embedded mode only.
 */
export const demoPassword = 'abfa-demo';

export interface DemoUser {
  username: string;
  subject: string;
  name: string;
  roles: Role[];
  tenantId: string | null;
  tenantCode: string | null;
  unitCode: string | null;
  /** The agent's extension on the PBX (the `pbx_extension` claim), for call records that name it. */
  pbxExtension?: string | null;
}

/** The demo agent's extension in every demo company (the demo PBX's call records name it). */
export const demoAgentExtension = '201';

export interface DemoClient {
  clientId: string;
  clientSecret: string;
  name: string;
  /** Null for the national office's service account, which holds national scopes only. */
  tenantId: string | null;
  tenantCode: string | null;
  scopes: Permission[];
}

const companyRoles: { role: Role; slug: string; nameFa: string }[] = [
  { role: 'agent', slug: 'agent', nameFa: 'کارشناس پاسخگویی' },
  { role: 'follow_up_officer', slug: 'follow-up', nameFa: 'کارشناس پیگیری' },
  { role: 'survey_officer', slug: 'survey', nameFa: 'کارشناس نظرسنجی' },
  { role: 'information_officer', slug: 'information', nameFa: 'کارشناس اطلاع‌رسانی' },
  { role: 'centre_manager', slug: 'manager', nameFa: 'مدیر مرکز' },
  { role: 'unit_staff', slug: 'unit', nameFa: 'کارکنان واحد عملیاتی' },
  { role: 'executive', slug: 'executive', nameFa: 'مدیرعامل' },
];

export function demoDirectory(registry: Registry): { users: DemoUser[]; clients: DemoClient[] } {
  const users: DemoUser[] = [];
  const clients: DemoClient[] = [];
  for (const t of registry.tenants.filter((x) => x.demo && x.status === 'active')) {
    // Operational-unit staff belong to the first district office (امور) of their company; the crew member to the
    // first team under it (where routing sends the emergencies it takes).
    const district = t.units.find((u) => u.kind === 'district')?.code ?? null;
    const crew = t.units.find((u) => u.kind === 'team' && u.parent === district)?.code ?? null;
    for (const { role, slug, nameFa } of companyRoles) {
      const username = `${t.code}.${slug}`;
      users.push({
        username,
        subject: `demo-${username}`,
        name: `${nameFa} — ${t.nameFa}`,
        roles: [role],
        tenantId: t.id,
        tenantCode: t.code,
        unitCode: role === 'unit_staff' ? district : null,
        pbxExtension: role === 'agent' ? demoAgentExtension : null,
      });
    }
    if (crew)
      users.push({
        username: `${t.code}.crew`,
        subject: `demo-${t.code}.crew`,
        name: `کارکنان اکیپ عملیاتی — ${t.nameFa}`,
        roles: ['unit_staff'],
        tenantId: t.id,
        tenantCode: t.code,
        unitCode: crew,
      });
    clients.push({
      clientId: `${t.code}-integrator`,
      clientSecret: `${t.code}-integrator-secret`,
      name: `Demo integrator (PBX/billing) of ${t.nameEn}`,
      tenantId: t.id,
      tenantCode: t.code,
      // Every permission a service account may hold: a demo PBX, billing system or mobile app can try them all.
      scopes: [...companyServiceScopes],
    });
  }
  users.push(
    {
      username: 'nwwec.supervisor',
      subject: 'demo-nwwec.supervisor',
      name: 'ناظر ملی — روابط عمومی شرکت مهندسی آب و فاضلاب کشور',
      roles: ['national_supervisor'],
      tenantId: null,
      tenantCode: null,
      unitCode: null,
    },
    {
      username: 'platform.admin',
      subject: 'demo-platform.admin',
      name: 'مدیر سامانه',
      roles: ['platform_admin'],
      tenantId: null,
      tenantCode: null,
      unitCode: null,
    },
  );
  // The national office's BI service account: national scopes only, bound to no company.
  clients.push({
    clientId: 'nwwec-bi',
    clientSecret: 'nwwec-bi-secret',
    name: 'Demo national BI service (NWWEC public relations)',
    tenantId: null,
    tenantCode: null,
    scopes: [...nationalServiceScopes],
  });
  return { users, clients };
}
