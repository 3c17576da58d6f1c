import type { IvrDestination, IvrMenuNode, IvrPrompt, IvrTree } from '../../../../schema/src/rules/ivr-menu.js';
import { accessToken } from '../../auth.js';
import { toAsciiDigits } from '../../format.js';

/**
 * The IVR menu's tree as the API takes it (schema/src/rules/ivr-menu.ts; README: The IVR entry menu) and as the
 * editor holds it: every option keeps the fields of each destination kind, so switching the kind back and forth
 * loses nothing; only the chosen kind's fields are sent. Paths of the editor's inputs are the API's field paths
 * (`tree.menu.options.1.key`), so a refusal is shown beside the input it names.
 */

// The tree's types are the schema's own (imported by path, types only: the checker's zod stays on the server).
export type {
  IvrDestination,
  IvrMenuNode,
  IvrOption,
  IvrPrompt,
  IvrTree,
} from '../../../../schema/src/rules/ivr-menu.js';

export type DestinationKind = IvrDestination['kind'];
export const destinationKinds: readonly DestinationKind[] = ['queue', 'announcement', 'menu', 'transfer'];
/** The keypad's keys, in its order. */
export const ivrKeys: readonly string[] = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '0', '*', '#'];
/**
 * As the API (ivrMaxDepth, ivrMaxOptions there; not imported, to keep zod out of the bundle): menus nest at most 4
 * deep (the entry menu is 1), at most 12 options each.
 */
export const ivrMaxDepth = 4;
export const ivrMaxOptions = 12;
/** The most the upload takes (the server's `express.raw` limit). */
export const maxAudioBytes = 5 * 1024 * 1024;

export interface EditPrompt {
  text: string;
  audioId: string;
}
export interface EditOption {
  /** The editor's own id of the option (React's key while options move); never sent. */
  uid: string;
  key: string;
  label: string;
  kind: DestinationKind;
  queue: string;
  number: string;
  prompt: EditPrompt;
  after: 'repeat' | 'hangup';
  menu: EditMenu;
}
export interface EditMenu {
  prompt: EditPrompt;
  options: EditOption[];
  /** Empty: the PBX's default (5 s). */
  timeoutSeconds: string;
  /** Kept as it was (the editor does not change it). */
  invalidPrompt?: IvrPrompt | undefined;
}
export interface EditTree {
  greeting: EditPrompt;
  announceNotices: boolean;
  menu: EditMenu;
}

let uids = 0;
const newUid = () => `o${++uids}`;

const editPrompt = (p: IvrPrompt | undefined): EditPrompt => ({ text: p?.text ?? '', audioId: p?.audioId ?? '' });

export function emptyMenu(): EditMenu {
  return { prompt: { text: '', audioId: '' }, options: [], timeoutSeconds: '' };
}

/** A new option on the first key the menu does not use yet, to a queue. */
export function newOption(menu: EditMenu): EditOption {
  const used = new Set(menu.options.map((o) => o.key));
  return {
    uid: newUid(),
    key: ivrKeys.find((k) => !used.has(k)) ?? '1',
    label: '',
    kind: 'queue',
    queue: '',
    number: '',
    prompt: { text: '', audioId: '' },
    after: 'repeat',
    menu: emptyMenu(),
  };
}

/** A first menu: a greeting to write and one option. */
export function emptyTree(): EditTree {
  const menu = emptyMenu();
  menu.options.push(newOption(menu));
  return { greeting: { text: '', audioId: '' }, announceNotices: true, menu };
}

function editMenu(node: IvrMenuNode | undefined): EditMenu {
  if (!node) return emptyMenu();
  return {
    prompt: editPrompt(node.prompt),
    timeoutSeconds: node.timeoutSeconds == null ? '' : String(node.timeoutSeconds),
    invalidPrompt: node.invalidPrompt,
    options: (node.options ?? []).map((o) => {
      const d = o.destination;
      return {
        uid: newUid(),
        key: o.key,
        label: o.label,
        kind: d?.kind ?? 'queue',
        queue: d?.kind === 'queue' ? d.queue : '',
        number: d?.kind === 'transfer' ? d.number : '',
        prompt: editPrompt(d?.kind === 'announcement' ? d.prompt : undefined),
        after: d?.kind === 'announcement' ? d.after : 'repeat',
        menu: editMenu(d?.kind === 'menu' ? d.menu : undefined),
      };
    }),
  };
}

/** The editor's copy of a saved tree (the API's JSON). */
export function toEditTree(value: unknown): EditTree {
  const tree = (value ?? {}) as Partial<IvrTree>;
  return {
    greeting: editPrompt(tree.greeting),
    announceNotices: tree.announceNotices ?? true,
    menu: editMenu(tree.menu),
  };
}

function apiPrompt(p: EditPrompt): IvrPrompt {
  return { ...(p.text.trim() ? { text: p.text.trim() } : {}), ...(p.audioId ? { audioId: p.audioId } : {}) };
}

function apiMenu(menu: EditMenu): IvrMenuNode {
  const seconds = menu.timeoutSeconds.trim();
  return {
    prompt: apiPrompt(menu.prompt),
    options: menu.options.map((o) => ({
      key: o.key,
      label: o.label.trim(),
      destination: apiDestination(o),
    })),
    ...(seconds ? { timeoutSeconds: Number(toAsciiDigits(seconds)) } : {}),
    ...(menu.invalidPrompt ? { invalidPrompt: menu.invalidPrompt } : {}),
  };
}

function apiDestination(o: EditOption): IvrDestination {
  switch (o.kind) {
    case 'queue':
      return { kind: 'queue', queue: toAsciiDigits(o.queue.trim()) };
    case 'transfer':
      return { kind: 'transfer', number: toAsciiDigits(o.number.trim()) };
    case 'announcement':
      return { kind: 'announcement', prompt: apiPrompt(o.prompt), after: o.after };
    case 'menu':
      return { kind: 'menu', menu: apiMenu(o.menu) };
  }
}

/** The tree to send (saveIvrMenuDraft's `tree`). */
export function toApiTree(tree: EditTree): IvrTree {
  return { greeting: apiPrompt(tree.greeting), announceNotices: tree.announceNotices, menu: apiMenu(tree.menu) };
}

/** Every field path the editor has an input for (the rest of a refusal is said under the form). */
export function editorPaths(tree: EditTree): Set<string> {
  const paths = new Set<string>();
  const prompt = (path: string) => {
    paths.add(path);
    paths.add(`${path}.text`);
    paths.add(`${path}.audioId`);
  };
  const menu = (node: EditMenu, path: string) => {
    prompt(`${path}.prompt`);
    paths.add(`${path}.options`);
    paths.add(`${path}.timeoutSeconds`);
    for (const [i, o] of node.options.entries()) {
      const at = `${path}.options.${i}`;
      for (const f of ['key', 'label', 'destination']) paths.add(`${at}.${f}`);
      const d = `${at}.destination`;
      if (o.kind === 'queue') paths.add(`${d}.queue`);
      if (o.kind === 'transfer') paths.add(`${d}.number`);
      if (o.kind === 'announcement') {
        prompt(`${d}.prompt`);
        paths.add(`${d}.after`);
      }
      if (o.kind === 'menu') {
        paths.add(`${d}.menu`);
        menu(o.menu, `${d}.menu`);
      }
    }
  };
  prompt('tree.greeting');
  menu(tree.menu, 'tree.menu');
  return paths;
}

/** An input's element id from its field path (`tree.menu.options.0.key` → `ivr-tree-menu-options-0-key`). */
export const fieldId = (path: string) => `ivr-${path.replace(/[^a-zA-Z0-9]+/g, '-')}`;

/** One line of the menu as a caller hears it: its depth, what it says, and a stable text to compare versions by. */
export interface OutlineLine {
  depth: number;
  kind: 'greeting' | 'notices' | 'prompt' | 'option' | 'announcement' | 'queue' | 'transfer' | 'timeout';
  key?: string;
  text: string;
  audioId?: string | undefined;
  /** What the line is for the diff: where it is in the tree and what it says. */
  signature: string;
}

/** The menu as a caller goes through it: greeting, the day's announcements, the prompt, each key and where it leads. */
export function outline(tree: IvrTree): OutlineLine[] {
  const lines: OutlineLine[] = [];
  const add = (line: Omit<OutlineLine, 'signature'>, where: string) =>
    lines.push({ ...line, signature: `${where}|${line.kind}|${line.key ?? ''}|${line.text}|${line.audioId ?? ''}` });
  add({ depth: 0, kind: 'greeting', text: tree.greeting?.text ?? '', audioId: tree.greeting?.audioId }, '');
  if (tree.announceNotices !== false) add({ depth: 0, kind: 'notices', text: '' }, '');
  const menu = (node: IvrMenuNode, depth: number, where: string) => {
    add({ depth, kind: 'prompt', text: node.prompt?.text ?? '', audioId: node.prompt?.audioId }, where);
    if (node.timeoutSeconds != null) add({ depth, kind: 'timeout', text: String(node.timeoutSeconds) }, where);
    for (const o of node.options ?? []) {
      const at = `${where}/${o.key}`;
      add({ depth, kind: 'option', key: o.key, text: o.label }, at);
      const d = o.destination;
      if (d?.kind === 'queue') add({ depth: depth + 1, kind: 'queue', text: d.queue }, at);
      if (d?.kind === 'transfer') add({ depth: depth + 1, kind: 'transfer', text: d.number }, at);
      if (d?.kind === 'announcement')
        add(
          {
            depth: depth + 1,
            kind: 'announcement',
            key: d.after,
            text: d.prompt?.text ?? '',
            audioId: d.prompt?.audioId,
          },
          at,
        );
      if (d?.kind === 'menu') menu(d.menu, depth + 1, at);
    }
  };
  if (tree.menu) menu(tree.menu, 0, '');
  return lines;
}

/** What changed between two outlines: the lines only the new one has (added) and only the old one had (removed). */
export function outlineDiff(before: OutlineLine[], after: OutlineLine[]) {
  const old = new Set(before.map((l) => l.signature));
  const now = new Set(after.map((l) => l.signature));
  return {
    added: after.filter((l) => !old.has(l.signature)),
    removed: before.filter((l) => !now.has(l.signature)),
  };
}

/** The content type the server takes for the file: MP3 by its name or type, WAV otherwise. */
export function audioContentType(file: File): 'audio/wav' | 'audio/mpeg' {
  return /\.mp3$/i.test(file.name) || file.type === 'audio/mpeg' || file.type === 'audio/mp3'
    ? 'audio/mpeg'
    : 'audio/wav';
}

export type AudioUpload =
  | { ok: true; audioId: string }
  | { ok: false; message: string; messageFa: string; field?: string | undefined };

/** POST /messaging/ivr/audio?name=… with the file as it is and the signed-in person's token (as the CSV list). */
export async function uploadRecording(name: string, file: File): Promise<AudioUpload> {
  const token = await accessToken();
  let response: Response;
  try {
    response = await fetch(`/messaging/ivr/audio?name=${encodeURIComponent(name)}`, {
      method: 'POST',
      headers: {
        'content-type': audioContentType(file),
        accept: 'application/json',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: file,
    });
  } catch {
    return { ok: false, message: 'network', messageFa: '' };
  }
  const body = (await response.json().catch(() => null)) as {
    audioId?: string;
    errors?: { message?: string; extensions?: { messageFa?: string; field?: string } }[];
  } | null;
  if (response.ok && body?.audioId) return { ok: true, audioId: body.audioId };
  const error = body?.errors?.[0];
  return {
    ok: false,
    message: error?.message ?? `HTTP ${response.status}`,
    messageFa: error?.extensions?.messageFa ?? '',
    field: error?.extensions?.field,
  };
}

/** A recording as an object URL to play (GET /messaging/ivr/audio/<id> needs the token, so not a plain src). */
export async function recordingUrl(audioId: string): Promise<string> {
  const token = await accessToken();
  const response = await fetch(`/messaging/ivr/audio/${encodeURIComponent(audioId)}`, {
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  return URL.createObjectURL(await response.blob());
}
