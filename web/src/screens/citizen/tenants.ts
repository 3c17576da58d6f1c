/** The companies the citizen pages offer in their list (the demo tenants); any other code works in the URL. */
export const citizenTenants = [
  { code: 'tehran', nameFa: 'شرکت آب و فاضلاب استان تهران', nameEn: 'Tehran Province Water and Wastewater Company' },
  { code: 'isfahan', nameFa: 'شرکت آب و فاضلاب استان اصفهان', nameEn: 'Isfahan Province Water and Wastewater Company' },
  { code: 'mashhad', nameFa: 'شرکت آب و فاضلاب مشهد', nameEn: 'Mashhad Water and Wastewater Company' },
];

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
