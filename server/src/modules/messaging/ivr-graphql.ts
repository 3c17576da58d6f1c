import { ivrMenu, ivrMenuStates } from '@abfa/schema';
import { encodeGlobalID } from '@pothos/plugin-relay';
import { desc } from 'drizzle-orm';
import { builder } from '../../graphql/builder.js';
import { enumValues } from '../../graphql/enum-values.js';
import { mutationErrors } from '../../graphql/error-types.js';
import { InputError } from '../../graphql/errors.js';
import { approveIvrMenu, ivrAudioList, publishedIvrMenu, rejectIvrMenu, saveIvrDraft, submitIvrMenu } from './ivr.js';

const IvrMenuState = builder.enumType('IvrMenuState', {
  description: 'DRAFT → SUBMITTED → PUBLISHED (the PBX plays it) → RETIRED when another is published.',
  values: enumValues(ivrMenuStates),
});

const IvrMenuVersion = builder.objectRef<typeof ivrMenu.$inferSelect>('IvrMenuVersion').implement({
  description: 'One version of the IVR entry menu (README: Section (d), the IVR menu: the tree’s format).',
  fields: (t) => ({
    version: t.exposeInt('version'),
    tree: t.expose('tree', { type: 'JSON', description: 'The greeting, announceNotices and the menu tree.' }),
    state: t.expose('state', { type: IvrMenuState }),
    note: t.exposeString('note', { nullable: true, description: 'What changed, in its writer’s words.' }),
    preparedBy: t.exposeString('preparedBy'),
    submittedAt: t.expose('submittedAt', { type: 'DateTime', nullable: true }),
    decidedBy: t.exposeString('decidedBy', { nullable: true }),
    decidedAt: t.expose('decidedAt', { type: 'DateTime', nullable: true }),
    rejectionReason: t.exposeString('rejectionReason', { nullable: true }),
    publishedAt: t.expose('publishedAt', { type: 'DateTime', nullable: true }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
  }),
});

const IvrAudio = builder.objectRef<Awaited<ReturnType<typeof ivrAudioList>>[number]>('IvrAudio').implement({
  description: 'A recorded prompt (upload: POST /messaging/ivr/audio?name=…, WAV or MP3).',
  fields: (t) => ({
    id: t.id({ resolve: (a) => encodeGlobalID('IvrAudio', a.audioId) }),
    audioId: t.exposeString('audioId', { description: 'What a prompt’s `audioId` names.' }),
    name: t.exposeString('name'),
    contentType: t.exposeString('contentType'),
    size: t.exposeInt('size', { description: 'Bytes.' }),
    uploadedBy: t.exposeString('uploadedBy'),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

builder.queryFields((t) => ({
  ivrMenus: t.field({
    type: [IvrMenuVersion],
    description: 'Every version of the IVR entry menu, newest first (the history of what callers heard).',
    authScopes: { permission: 'ivr:read' },
    resolve: (_root, _args, ctx) => ctx.scope.db.select().from(ivrMenu).orderBy(desc(ivrMenu.version)).limit(100),
  }),
  ivrPublishedMenu: t.field({
    type: 'JSON',
    nullable: true,
    description: 'The menu exactly as the PBX gets it (GET /messaging/ivr/menu.json); null when none is published.',
    authScopes: { permission: 'ivr:read' },
    resolve: (_root, _args, ctx) => publishedIvrMenu(ctx.scope.db),
  }),
  ivrAudio: t.field({
    type: [IvrAudio],
    description: 'The company’s recordings, newest first.',
    authScopes: { permission: 'ivr:read' },
    resolve: (_root, _args, ctx) => ivrAudioList(ctx.scope.db),
  }),
}));

const versionArg = (version: number) => {
  if (!Number.isInteger(version) || version < 1)
    throw new InputError('version', 'must be 1 or more', 'باید ۱ یا بیشتر باشد');
  return version;
};

builder.mutationFields((t) => ({
  saveIvrMenuDraft: t.field({
    type: IvrMenuVersion,
    description:
      'Writes the open draft of the next version (made on first save). Refused by field path (`tree.menu.options.0.key`) ' +
      'when the tree is not a valid menu; refused while a version waits for approval.',
    authScopes: { permission: 'ivr:prepare' },
    errors: { types: mutationErrors },
    args: { tree: t.arg({ type: 'JSON', required: true }), note: t.arg.string() },
    resolve: (_root, args, ctx) => saveIvrDraft(ctx, args.tree, args.note),
  }),
  submitIvrMenu: t.field({
    type: IvrMenuVersion,
    description: 'Hands the draft to the centre manager.',
    authScopes: { permission: 'ivr:prepare' },
    errors: { types: mutationErrors },
    args: { version: t.arg.int({ required: true }) },
    resolve: (_root, args, ctx) => submitIvrMenu(ctx, versionArg(args.version)),
  }),
  approveIvrMenu: t.field({
    type: IvrMenuVersion,
    description: 'Publishes a submitted version someone else wrote; the PBX plays it from its next fetch.',
    authScopes: { permission: 'ivr:approve' },
    errors: { types: mutationErrors },
    args: { version: t.arg.int({ required: true }) },
    resolve: (_root, args, ctx) => approveIvrMenu(ctx, versionArg(args.version)),
  }),
  rejectIvrMenu: t.field({
    type: IvrMenuVersion,
    description: 'Sends a submitted version back to its writer with the reason (a draft again).',
    authScopes: { permission: 'ivr:approve' },
    errors: { types: mutationErrors },
    args: { version: t.arg.int({ required: true }), reason: t.arg.string({ required: true }) },
    resolve: (_root, args, ctx) => rejectIvrMenu(ctx, versionArg(args.version), args.reason),
  }),
}));
