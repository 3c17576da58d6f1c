import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { keycloakRealm, realmFile, realmJson } from './keycloak-realm.js';
import { loadRegistry } from './load.js';

// `pnpm keycloak:realm`: regenerates the Keycloak realm template (tenants/keycloak/realm-abfa.json) from the tenant
// registry. With the portal's real addresses (`--redirect-uri https://portal.example.ir/*`, repeatable; `--web-origin`,
// `--realm`) it writes a deployment's copy to `--out` instead, leaving the committed template as it is.
// Exit code 1 on a bad registry or bad arguments, with nothing written.
try {
  const { values } = parseArgs({
    options: {
      'redirect-uri': { type: 'string', multiple: true },
      'web-origin': { type: 'string', multiple: true },
      realm: { type: 'string' },
      out: { type: 'string' },
    },
    strict: true,
  });
  const redirectUris = values['redirect-uri']?.map((uri) => checkedUrl('--redirect-uri', uri));
  const webOrigins = values['web-origin']?.map((origin) => checkedUrl('--web-origin', origin));
  const custom = Boolean(redirectUris || webOrigins || values.realm);
  if (custom && !values.out)
    throw new Error(
      '--out <file> is needed with --redirect-uri, --web-origin or --realm: the committed template keeps its defaults',
    );
  const file = values.out ? path.resolve(values.out) : realmFile;

  const realm = keycloakRealm(await loadRegistry(), {
    ...(values.realm ? { realm: values.realm } : {}),
    ...(redirectUris ? { webRedirectUris: redirectUris } : {}),
    ...(webOrigins ? { webOrigins } : {}),
  });
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, realmJson(realm));
  console.log(
    `Wrote ${path.relative(process.cwd(), file)}: realm "${realm.realm}", ${realm.organizations.length} organizations, ` +
      `${realm.roles.realm.length} realm roles, clients ${realm.clients.map((c) => c.clientId).join(' and ')}, ` +
      `${realm.clientScopes.length} client scopes`,
  );
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
}

/** An absolute https URL (http only on this machine's loopback), as Keycloak compares them: refused otherwise. */
function checkedUrl(option: string, text: string): string {
  let url: URL;
  try {
    url = new URL(text.replace(/\*$/, ''));
  } catch {
    throw new Error(`${option} ${text}: not an absolute URL`);
  }
  const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback))
    throw new Error(`${option} ${text}: must be https (http only for 127.0.0.1 or localhost)`);
  return text;
}
