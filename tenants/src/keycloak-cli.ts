import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { keycloakRealm, realmFile, realmJson } from './keycloak-realm.js';
import { loadRegistry } from './load.js';

// `pnpm keycloak:realm`: regenerates the Keycloak realm template (tenants/keycloak/realm-abfa.json) from the tenant
// registry. Exit code 1 on a bad registry, with nothing written.
try {
  const realm = keycloakRealm(await loadRegistry());
  await mkdir(path.dirname(realmFile), { recursive: true });
  await writeFile(realmFile, realmJson(realm));
  console.log(
    `Wrote ${path.relative(process.cwd(), realmFile)}: realm "${realm.realm}", ${realm.organizations.length} organizations, ` +
      `${realm.roles.realm.length} realm roles, clients ${realm.clients.map((c) => c.clientId).join(' and ')}, ` +
      `${realm.clientScopes.length} client scopes`,
  );
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
}
