import type { TestApp } from './app.js';

/** The live queue over HTTP as the portal uses it: GraphQL operations and the server-sent-events subscription. */

export type Body = {
  data?: Record<string, unknown> | null;
  errors?: { message: string; extensions?: { code?: string; messageFa?: string } }[];
};
export type Change = { trackingCode: string; status: string; assignedUnit: { code: string } | null };
/** A demo user's name (their cached token), explicit headers (a crafted token), or null for no token. */
export type Caller = string | Record<string, string> | null;

const headersOf = async (app: TestApp, caller: Caller) =>
  caller === null ? {} : typeof caller === 'string' ? await app.bearer(caller) : caller;

export async function gql(app: TestApp, caller: Caller, query: string, variables?: Record<string, unknown>) {
  const response = await fetch(`${app.base}/graphql`, {
    method: 'POST',
    headers: { ...(await headersOf(app, caller)), 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as Body;
}

const register = `mutation($input: RegisterRequestInput!) { registerRequest(input: $input) {
  __typename
  ... on RegisterRequestSuccess { data { id trackingCode status } }
  ... on InputError { field }
} }`;

/** Registers a request as `user` (on `app`) and answers its id and tracking code. */
export async function registerAs(app: TestApp, user: Caller, input: Record<string, unknown> = {}) {
  const body = await gql(app, user, register, {
    input: { categoryCode: 'water.pipe_burst', channel: 'PHONE', ...input },
  });
  const result = body.data?.registerRequest as { __typename: string; data?: { id: string; trackingCode: string } };
  if (result?.__typename !== 'RegisterRequestSuccess' || !result.data)
    throw new Error(`registerRequest failed: ${JSON.stringify(body)}`);
  return result.data;
}

/** An open server-sent-events subscription, read with a small parser of `event:` / `data:` blocks. */
export interface Stream {
  status: number;
  /** The answer's body when it is not a stream (a refusal before GraphQL runs, such as no token). */
  refusal: Body | null;
  /** The errors the stream delivered; the last event of a stream the server ends says why. */
  errors: NonNullable<Body['errors']>;
  /** The next `next` event's payload, or null when none arrives within `ms`. */
  next(ms?: number): Promise<Change | null>;
  /** Every event that arrives within `ms`. */
  drain(ms: number): Promise<Change[]>;
  /** Whether the server ended the stream (`complete`, then end of body) within `ms`. */
  ends(ms: number): Promise<boolean>;
  close(): Promise<void>;
}

export async function subscribe(app: TestApp, caller: Caller, variables: Record<string, unknown> = {}) {
  const query =
    'subscription($unitId: ID, $withUnitsBelow: Boolean) { requestChanged(unitId: $unitId, withUnitsBelow: $withUnitsBelow) { trackingCode status assignedUnit { code } } }';
  const controller = new AbortController();
  const response = await fetch(`${app.base}/graphql`, {
    method: 'POST',
    headers: {
      ...(await headersOf(app, caller)),
      accept: 'text/event-stream',
      'content-type': 'application/json',
    },
    body: JSON.stringify({ query, variables }),
    signal: controller.signal,
  });
  const queue: Change[] = [];
  const errors: NonNullable<Body['errors']> = [];
  const waiters: (() => void)[] = [];
  const wake = () => {
    for (const w of waiters.splice(0)) w();
  };
  let ended = false;
  // A refusal at subscribe comes as a stream too (its status 401/403, one error event), or as a JSON body.
  const streamed = response.headers.get('content-type')?.startsWith('text/event-stream');
  const refusal = streamed ? null : ((await response.json().catch(() => null)) as Body | null);
  if (streamed && response.body) {
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    void (async () => {
      let buffer = '';
      try {
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buffer += value;
          let end = buffer.indexOf('\n\n');
          while (end >= 0) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            end = buffer.indexOf('\n\n');
            const lines = block.split('\n');
            const event = lines
              .find((l) => l.startsWith('event:'))
              ?.slice(6)
              .trim();
            const data = lines
              .filter((l) => l.startsWith('data:'))
              .map((l) => l.slice(5).trim())
              .join('\n');
            if (event !== 'next' || !data) continue; // pings (":") and "complete"
            const result = JSON.parse(data) as Body;
            if (result.errors) errors.push(...result.errors);
            else queue.push(result.data?.requestChanged as Change);
            wake();
          }
        }
      } catch (error) {
        if (!controller.signal.aborted) throw error;
      } finally {
        ended = true;
        wake();
      }
    })();
  } else ended = true;
  const stream: Stream = {
    status: response.status,
    refusal,
    errors,
    // Generous: an awaited event returns at once, and a loaded machine (CI, two cores) may take seconds to deliver it.
    async next(ms = 10_000) {
      const deadline = Date.now() + ms;
      while (queue.length === 0 && !ended && Date.now() < deadline) {
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, deadline - Date.now());
        });
      }
      return queue.shift() ?? null;
    },
    async drain(ms) {
      const got: Change[] = [];
      for (let c = await stream.next(ms); c; c = await stream.next(ms)) got.push(c);
      return got;
    },
    async ends(ms) {
      const deadline = Date.now() + ms;
      while (!ended && Date.now() < deadline) await stream.next(deadline - Date.now());
      return ended;
    },
    async close() {
      controller.abort();
      if (!response.bodyUsed) await response.body?.cancel().catch(() => {});
    },
  };
  return stream;
}

/**
 * Waits until the stream is live: registers requests as `user` until one of them comes through (the subscription
 * attaches to the bus just after the response starts), then drains what else arrived.
 */
export async function live(app: TestApp, stream: Stream, user: Caller, input: Record<string, unknown> = {}) {
  for (let attempt = 0; attempt < 20; attempt++) {
    const { trackingCode } = await registerAs(app, user, input);
    for (let c = await stream.next(500); c; c = await stream.next(500)) if (c.trackingCode === trackingCode) return;
  }
  throw new Error(`the subscription of ${JSON.stringify(user)} never went live`);
}
