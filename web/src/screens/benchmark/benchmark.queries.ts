import { graphql, type ResultOf } from '../../graphql/graphql.js';
import { FigureFields, KpiRankingFields, OverallFields, StandingFields } from '../national/comparison.queries.js';

// The company's own view of the national comparison: its standing, and the others as the national office names them.

export const BenchmarkQuery = graphql(
  `
  query CompanyBenchmark($period: String!) {
    benchmark(period: $period) {
      period {
        key
        labelFa
        labelEn
      }
      company {
        id
        code
        nameFa
        nameEn
      }
      figures {
        ...FigureFields
      }
      national {
        ...FigureFields
      }
      standings {
        ...StandingFields
      }
      overall {
        ...OverallFields
      }
      peers {
        label
        own
        overall {
          ...OverallFields
        }
        standings {
          ...StandingFields
        }
      }
      kpis {
        ...KpiRankingFields
      }
    }
  }
`,
  [FigureFields, StandingFields, OverallFields, KpiRankingFields],
);

export type Benchmark = ResultOf<typeof BenchmarkQuery>['benchmark'];
export type Peer = Benchmark['peers'][number];
