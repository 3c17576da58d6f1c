import { type Db, parseRollupPeriod, recordSupervisionRead, withNational } from '@abfa/schema';
import type { NextFunction, Request, Response } from 'express';
import { holds } from '../../../auth/permissions.js';
import type { Principal } from '../../../auth/principal.js';
import { refusalBody } from '../../../limits/refusals.js';
import type { Logger } from '../../../logger.js';
import { loadComparison } from '../comparison.js';
import { nationalConfig } from '../config.js';
import { renderNationalReportHtml } from './html.js';
import { ChromiumNotInstalledError, printPdf } from './print.js';

/**
 * GET /national/report.pdf?period=1405-08 — the comparison of the period as a PDF for officials, for callers holding
 * `national:read` (the national office; it has no company). The figures are read like the GraphQL comparison, in a
 * national transaction recorded in the trail of supervisor reads, then printed by Chromium.
 */
export function nationalReportRoute(deps: { database: Db; chromiumPath?: string | undefined; log: Logger }) {
  return async (req: Request, res: Response<unknown, { principal?: Principal | null }>, next: NextFunction) => {
    const principal = res.locals.principal ?? null;
    if (!principal || principal.tenantId !== null || !holds(principal, 'national:read')) {
      res
        .status(403)
        .json(
          refusalBody('FORBIDDEN', 'The national report is for the national office', 'گزارش ملی ویژهٔ دفتر ملی است'),
        );
      return;
    }
    const text = typeof req.query.period === 'string' ? req.query.period : '';
    const period = parseRollupPeriod(text);
    if (!period) {
      res
        .status(400)
        .json(
          refusalBody(
            'BAD_INPUT',
            'period: is not a Jalali period (1405, 1405-Q2, 1405-08 or 1405-08-01..1405-08-15)',
            'period: دوره شمسی معتبر نیست (۱۴۰۵، ۱۴۰۵-Q2، ۱۴۰۵-۰۸ یا ۱۴۰۵-۰۸-۰۱..۱۴۰۵-۰۸-۱۵)',
            { field: 'period' },
          ),
        );
      return;
    }
    try {
      const config = await nationalConfig();
      const comparison = await withNational(
        deps.database,
        { actor: principal.subject, requestId: String(req.id) },
        'read',
        async (tx) => {
          const found = await loadComparison(tx, config, period, null);
          await recordSupervisionRead(tx, {
            subject: principal.subject,
            actorName: principal.displayName,
            clientId: principal.clientId,
            operation: 'report national/report.pdf',
            companyIds: found.companies.map((c) => c.company.id),
            requestId: String(req.id),
            detail: { period: period.key },
          });
          return found;
        },
      );
      const pdf = await printPdf(renderNationalReportHtml({ ...comparison, generatedAt: new Date() }), {
        chromiumPath: deps.chromiumPath,
      });
      res
        .status(200)
        .set('Content-Type', 'application/pdf')
        .set('Content-Disposition', `attachment; filename="national-report-${period.key}.pdf"`)
        .set('Cache-Control', 'no-store')
        .send(pdf);
    } catch (error) {
      if (error instanceof ChromiumNotInstalledError) {
        deps.log.error({ err: error }, 'national report: no Chromium to print it');
        res.status(503).json(refusalBody(error.code, error.message, error.messageFa));
        return;
      }
      next(error);
    }
  };
}
