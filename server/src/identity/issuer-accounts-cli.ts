import { randomUUID } from 'node:crypto';
import { readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { repositoryRoot } from '@abfa/schema';
import { loadRegistry } from '@abfa/tenants';
import {
  type AccountsFile,
  accountsFromFile,
  generateClientSecret,
  generatePassword,
  hashSecret,
} from './issuer-accounts.js';

// `pnpm issuer:account`: adds an account to the embedded issuer's accounts file (EMBEDDED_ISSUER_ACCOUNTS), or gives
// an existing one a new credential with --replace. The password or secret is generated here and printed once, to
// this terminal only: the file keeps its scrypt hash, nothing logs it. The server reads the file when it starts.
//
//   pnpm issuer:account user --file <f> --username tehran.manager --tenant tehran --role centre_manager [--unit <code>]
//   pnpm issuer:account client --file <f> --client-id tehran-pbx --tenant tehran --scope viewer:read --scope tenant:read
//
// Exit code 1 on bad arguments (checked against the tenant registry), with nothing written.
const usage = `usage:
  pnpm issuer:account user --file <accounts.json> --username <name> [--tenant <code>] --role <role>… [--unit <code>] [--name <display name>] [--replace]
  pnpm issuer:account client --file <accounts.json> --client-id <id> --tenant <code> --scope <permission>… [--name <name>] [--replace]
--file defaults to EMBEDDED_ISSUER_ACCOUNTS; relative paths are relative to the repository, as for the server.`;

try {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    strict: true,
    options: {
      file: { type: 'string' },
      username: { type: 'string' },
      'client-id': { type: 'string' },
      tenant: { type: 'string' },
      role: { type: 'string', multiple: true },
      scope: { type: 'string', multiple: true },
      unit: { type: 'string' },
      name: { type: 'string' },
      replace: { type: 'boolean', default: false },
    },
  });
  const kind = positionals[0];
  if ((kind !== 'user' && kind !== 'client') || positionals.length !== 1) throw new Error(usage);
  const given = values.file ?? process.env.EMBEDDED_ISSUER_ACCOUNTS;
  if (!given) throw new Error(`--file is needed (or EMBEDDED_ISSUER_ACCOUNTS)\n${usage}`);
  const file = path.resolve(repositoryRoot, given);

  let content: AccountsFile = { users: [], clients: [] };
  try {
    content = { users: [], clients: [], ...(JSON.parse(await readFile(file, 'utf8')) as Partial<AccountsFile>) };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }

  const credential = kind === 'user' ? generatePassword() : generateClientSecret();
  const hash = await hashSecret(credential);
  let id: string;
  if (kind === 'user') {
    id = values.username?.trim().toLowerCase() ?? '';
    if (!id) throw new Error(`--username is needed\n${usage}`);
    const existing = content.users.find((u) => u.username === id);
    if (existing && !values.replace) throw new Error(`user ${id} exists: --replace gives it a new password`);
    const user = {
      username: id,
      subject: existing?.subject ?? randomUUID(),
      name: values.name ?? existing?.name ?? id,
      ...(values.tenant ? { tenant: values.tenant } : {}),
      roles: (values.role ?? []) as AccountsFile['users'][number]['roles'],
      ...(values.unit ? { unit: values.unit } : {}),
      passwordHash: hash,
    };
    content.users = [...content.users.filter((u) => u.username !== id), user];
  } else {
    id = values['client-id']?.trim() ?? '';
    if (!id) throw new Error(`--client-id is needed\n${usage}`);
    const existing = content.clients.find((c) => c.clientId === id);
    if (existing && !values.replace) throw new Error(`client ${id} exists: --replace gives it a new secret`);
    const client = {
      clientId: id,
      name: values.name ?? existing?.name ?? id,
      tenant: values.tenant ?? '',
      scopes: (values.scope ?? []) as AccountsFile['clients'][number]['scopes'],
      secretHash: hash,
    };
    content.clients = [...content.clients.filter((c) => c.clientId !== id), client];
  }

  // The whole file is checked as the server will check it, before anything is written.
  accountsFromFile(content, await loadRegistry(), file);
  // Owner-only, and replaced in one step so a server starting meanwhile reads the old file or the new one.
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, `${JSON.stringify(content, null, 2)}\n`, { mode: 0o600 });
  await rename(temporary, file);

  const what = kind === 'user' ? 'Password' : 'Client secret';
  console.log(`${values.replace ? 'Updated' : 'Added'} ${kind} ${id} in ${path.relative(process.cwd(), file)}.`);
  console.log(`${what} (shown this once and stored nowhere; hand it over in person or through a secret store):`);
  console.log(credential);
  console.log('Restart the server to load the change.');
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
}
