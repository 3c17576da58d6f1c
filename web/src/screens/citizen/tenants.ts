/** A water company as GET /public/tenants lists it (the active ones, by Persian name). */
export interface CitizenTenant {
  code: string;
  nameFa: string;
  nameEn: string;
}

let tenantList: Promise<PublicResult<{ tenants: CitizenTenant[] }>> | undefined;

/** The companies the citizen pages offer: asked once per page load; a failed answer is asked again next time. */
export function loadCitizenTenants(): Promise<PublicResult<{ tenants: CitizenTenant[] }>> {
  tenantList ??= publicCall<{ tenants: CitizenTenant[] }>('tenants').then((result) => {
    if (!result.ok) tenantList = undefined;
    return result;
  });
  return tenantList;
}

/** The one error shape of /public/…: code, English and Persian messages, and the field for bad input. */
export interface PublicError {
  code: string;
  message: string;
  messageFa: string;
  field?: string;
}

export type PublicResult<T> =
  | { ok: true; status: number; body: T }
  | { ok: false; status: number; errors: PublicError[]; network?: boolean };

/** A call to the citizen JSON routes; never throws. */
export async function publicCall<T>(path: string, init?: RequestInit): Promise<PublicResult<T>> {
  try {
    const response = await fetch(`/public/${path}`, {
      ...init,
      headers: {
        accept: 'application/json',
        ...(init?.body ? { 'content-type': 'application/json' } : {}),
        ...init?.headers,
      },
    });
    const body = (await response.json().catch(() => null)) as unknown;
    if (response.ok) return { ok: true, status: response.status, body: body as T };
    const errors = (body as { errors?: PublicError[] } | null)?.errors ?? [];
    return { ok: false, status: response.status, errors };
  } catch {
    return { ok: false, status: 0, errors: [], network: true };
  }
}
