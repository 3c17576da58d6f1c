import { loadNationalConfig, type NationalConfig } from '@abfa/tenants';

let loaded: Promise<NationalConfig> | undefined;

/**
 * The national configuration (tenants/national/ranking.yaml: targets, weights, cut-offs, how peers are shown),
 * read and validated once per process: it changes by a commit and a deployment, like the registry.
 */
export function nationalConfig(): Promise<NationalConfig> {
  loaded ??= loadNationalConfig().catch((error: unknown) => {
    loaded = undefined;
    throw error;
  });
  return loaded;
}
