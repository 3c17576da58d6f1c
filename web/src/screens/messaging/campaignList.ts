import { accessToken } from '../../auth.js';

/**
 * A LIST campaign's recipients, uploaded as the file is (POST /messaging/campaigns/<uuid>/recipients, text/csv, the
 * signed-in person's bearer token — as the national PDF report is fetched): larger than a GraphQL body may be. The
 * server reads each line as a mobile or a subscription number and answers what it accepted and every line it refused
 * (the first 1,000), with the reason in both languages.
 */
export interface RejectedLine {
  line: number;
  reason: string;
  reasonFa: string;
}

export interface ListReport {
  accepted: number;
  duplicates: number;
  rejected: number;
  rejectedLines: RejectedLine[];
}

/** The most the server takes in one upload (its `express.text` limit). */
export const maxListBytes = 8 * 1024 * 1024;

export type UploadOutcome = { ok: true; report: ListReport } | { ok: false; message: string; messageFa: string };

/** Sends the list; a refusal (403, 404, 409, 400, 415) comes back with the server's words, a network failure as such. */
export async function uploadRecipients(campaignUuid: string, text: string): Promise<UploadOutcome> {
  const token = await accessToken();
  let response: Response;
  try {
    response = await fetch(`/messaging/campaigns/${encodeURIComponent(campaignUuid)}/recipients`, {
      method: 'POST',
      headers: {
        'content-type': 'text/csv',
        accept: 'application/json',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: text,
    });
  } catch {
    return { ok: false, message: 'network', messageFa: '' };
  }
  const body = (await response.json().catch(() => null)) as
    | (ListReport & { errors?: undefined })
    | { errors?: { message?: string; extensions?: { messageFa?: string } }[] }
    | null;
  if (response.ok && body && !body.errors) return { ok: true, report: body as ListReport };
  const error = body?.errors?.[0];
  return {
    ok: false,
    message: error?.message ?? `HTTP ${response.status}`,
    messageFa: error?.extensions?.messageFa ?? '',
  };
}
