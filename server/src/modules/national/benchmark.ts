/**
 * A company's own standing (its CEO and centre manager): its KPIs against the national value, its rank and class,
 * and the other companies named or anonymised as the national configuration says. Read in the company's own
 * transaction from the one national view its staff may read — every company's daily totals, nothing below company
 * level (migration national_read_path) — and ranked exactly as the national office ranks.
 */
import type { RollupPeriod, Tx } from '@abfa/schema';
import type { NationalConfig } from '@abfa/tenants';
import { type CompanyComparison, compareCompanies, type NationalComparison } from './comparison.js';
import { companyMeasures, nationalCompanies } from './read.js';

export interface PeerStanding {
  label: string;
  own: boolean;
  row: CompanyComparison;
}

export interface CompanyBenchmark {
  comparison: NationalComparison;
  own: CompanyComparison;
  peers: PeerStanding[];
}

const faDigits = (n: number) => String(n).replace(/[0-9]/g, (d) => String.fromCharCode(0x06f0 + Number(d)));

export async function companyBenchmark(
  tx: Tx,
  config: NationalConfig,
  tenantId: string,
  period: RollupPeriod,
): Promise<CompanyBenchmark | null> {
  const [companies, measures] = await Promise.all([nationalCompanies(tx), companyMeasures(tx, period)]);
  const comparison = compareCompanies({ period, config, companies, measures });
  const own = comparison.companies.find((c) => c.company.id === tenantId);
  if (!own) return null;
  // Anonymised peers are numbered in the order shown (best first), so the number says nothing of who they are.
  const peers = comparison.companies.map((row, i) => ({
    label: row.company.id === tenantId || config.peers === 'named' ? row.company.nameFa : `شرکت ${faDigits(i + 1)}`,
    own: row.company.id === tenantId,
    row,
  }));
  return { comparison, own, peers };
}
